/**
 * Prometheus metrics (served on /q/metrics by the Quarkus Micrometer registry). Bounded labels
 * only: namespace, policy, phase, credential type, AWS service/operation/outcome, API family, task
 * policy, never an account id. {@link io.rootaccess.operator.metrics.AwsMetrics} counts AWS calls
 * as they happen (through {@link io.rootaccess.operator.aws.pacing.AwsCallObserver}); {@link
 * io.rootaccess.operator.metrics.ResourceMetrics} derives the account, policy and task figures from
 * the operator's informer caches (the resources' status), so no reconciler needs to report
 * anything. Every metric is listed in docs/metrics.md (a test keeps them in sync).
 */
package io.rootaccess.operator.metrics;

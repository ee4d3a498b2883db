/**
 * Every AWS call goes through {@link io.rootaccess.operator.aws.pacing.AwsCalls}: a token of its
 * API family's client-side rate limit, adaptive cuts on throttling, and jittered retries. Time and
 * randomness are injectable ({@link io.rootaccess.operator.aws.pacing.Pacing}) so tests never
 * sleep.
 */
package io.rootaccess.operator.aws.pacing;

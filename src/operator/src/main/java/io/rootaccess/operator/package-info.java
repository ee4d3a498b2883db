/**
 * root-access-operator: manages the root users of an AWS Organization's member accounts from
 * Kubernetes custom resources.
 *
 * <ul>
 *   <li>{@code api}: the custom resources (one sub-package per kind)
 *   <li>{@code policy}: RootAccessPolicy: organization switches, targeting, children, rollout,
 *       summary
 *   <li>{@code account}: MemberAccountRootState: audit, plan, act, verify, report for one account
 *   <li>{@code task}: PrivilegedRootTask: S3/SQS unlock and break-glass recovery
 *   <li>{@code aws}: the only code that talks to AWS (sessions, rate limits, error classification)
 *   <li>{@code status}: conditions and status patching shared by every reconciler
 *   <li>{@code sandbox}: a simulated AWS Organization speaking the real wire protocols
 *   <li>{@code demo}: the all-in-one {@code make demo} runner
 * </ul>
 */
package io.rootaccess.operator;

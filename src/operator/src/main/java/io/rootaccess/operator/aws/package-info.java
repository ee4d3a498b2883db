/**
 * The only place that talks to AWS, in layers a reconciler reads from the top down:
 *
 * <ul>
 *   <li>this package: the ports and value types the reconcilers use ({@link
 *       io.rootaccess.operator.aws.OrganizationDirectory}, {@link
 *       io.rootaccess.operator.aws.OrganizationFeatures}, {@link
 *       io.rootaccess.operator.aws.RootSessions}, {@link
 *       io.rootaccess.operator.aws.RootCredentials}, {@link
 *       io.rootaccess.operator.aws.PrivilegedTasks}) and the typed {@link
 *       io.rootaccess.operator.aws.AwsException}, so reconcilers never parse AWS error strings;
 *   <li>{@code aws.sdk}: the AWS SDK v2 adapters behind the ports, the clients and the error
 *       classifier;
 *   <li>{@code aws.pacing}: client-side rate limits per API family, adaptive pacing and retries of
 *       every call;
 *   <li>{@code aws.organization}: the cached, background-refreshed view of the organization;
 *   <li>{@code aws.scp}: explaining an access denial by the service control policies that cause it.
 * </ul>
 */
package io.rootaccess.operator.aws;

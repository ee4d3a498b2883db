/**
 * The only place that talks to AWS. Reconcilers see the small domain interfaces of this package
 * ({@link io.rootaccess.operator.aws.OrganizationDirectory}, {@link io.rootaccess.operator.aws.OrganizationFeatures},
 * {@link io.rootaccess.operator.aws.RootSessions}, {@link io.rootaccess.operator.aws.RootCredentials},
 * {@link io.rootaccess.operator.aws.PrivilegedTasks}) and the typed {@link io.rootaccess.operator.aws.AwsException};
 * they never parse AWS error strings. Rate limiting, adaptive back-off and root-session reuse live here too.
 */
package io.rootaccess.operator.aws;

/**
 * The service control policies on an account's path: the pre-flight that finds, before a root
 * session acts, every planned action they deny ({@link
 * io.rootaccess.operator.aws.scp.ScpPreflight}) and the explanation of a denial AWS returned, each
 * naming the policy, the statement and the fix. SCP reads are cached with the organization's shape
 * ({@link io.rootaccess.operator.aws.scp.ScpPaths}). Independent of the sandbox's SCP enforcement;
 * a test requires the two to agree.
 */
package io.rootaccess.operator.aws.scp;

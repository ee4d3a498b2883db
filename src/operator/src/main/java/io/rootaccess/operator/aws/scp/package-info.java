/**
 * Explains an AssumeRoot or in-session denial by the service control policies on the account's
 * path, naming the policy and the fix. Independent of the sandbox's SCP enforcement; a test
 * requires the two to agree.
 */
package io.rootaccess.operator.aws.scp;

/**
 * The AWS SDK v2 adapters behind the ports of {@code io.rootaccess.operator.aws}: the shared
 * clients, one class per port, and the classification of SDK failures into {@link
 * io.rootaccess.operator.aws.AwsErrorKind}.
 */
package io.rootaccess.operator.aws.sdk;

/**
 * The organization as the reconcilers see it: read from Organizations, cached, refreshed in the
 * background (stale-while-revalidate).
 */
package io.rootaccess.operator.aws.organization;

/**
 * Where the removal notice's records live, keyed by account id, on objects the operator never
 * re-creates: the cancels people write ({@link
 * io.rootaccess.operator.notice.RemovalRecords#CANCELS}) and the notice starts only the operator
 * writes ({@link io.rootaccess.operator.notice.RemovalRecords#NOTICES}), both ConfigMaps of the
 * operator's own namespace; {@link io.rootaccess.operator.notice.RemovalCancel} reads a cancel,
 * failing closed.
 */
package io.rootaccess.operator.notice;

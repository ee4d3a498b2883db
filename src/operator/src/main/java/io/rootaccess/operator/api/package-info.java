/**
 * The custom resources of the operator (API group {@code rootaccess.io}, version {@code v1alpha1}).
 * Shared value types live here; each kind has its own sub-package. Classes here are plain data: the
 * CRD YAML in {@code crds/} is generated from them at build time.
 */
package io.rootaccess.operator.api;

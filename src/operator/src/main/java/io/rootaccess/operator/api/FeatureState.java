package io.rootaccess.operator.api;

/** Desired state of an organization-level switch. An absent field means "not managed". */
public enum FeatureState {
    Enabled,
    Disabled
}

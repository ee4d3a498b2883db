package io.rootaccess.operator.api;

/** Names shared by the three kinds: group, version, labels and annotations. */
public final class ApiGroup {
    public static final String GROUP = "rootaccess.io";
    public static final String VERSION = "v1alpha1";

    /** Label on each MemberAccountRootState naming the RootAccessPolicy that owns it. */
    public static final String LABEL_POLICY = GROUP + "/policy";
    /** Label with the 12-digit account id (on MemberAccountRootState and PrivilegedRootTask). */
    public static final String LABEL_ACCOUNT_ID = GROUP + "/account-id";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "root-access-operator";

    /** Pattern of an AWS account id, used by the OpenAPI validation of every kind. */
    public static final String ACCOUNT_ID_PATTERN = "^[0-9]{12}$";
    /** Pattern of an organizational unit id. */
    public static final String OU_ID_PATTERN = "^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$";
    /** Pattern of a Go-style duration with units d, h, m, s (for example 30d, 1h, 90m). */
    public static final String DURATION_PATTERN = "^([0-9]+(d|h|m|s))+$";

    private ApiGroup() {
    }
}

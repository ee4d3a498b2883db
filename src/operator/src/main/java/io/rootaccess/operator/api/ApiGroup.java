package io.rootaccess.operator.api;

/** Names shared by the three kinds: group, version, labels and annotations. */
public final class ApiGroup {
    public static final String GROUP = "rootaccess.io";
    public static final String VERSION = "v1alpha1";

    /** The category of the three kinds: {@code kubectl get rootaccess} lists them all. */
    public static final String CATEGORY = "rootaccess";

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

    /**
     * Pattern of an organizational unit id, or of the organization's root id (r-...), which stands
     * for all of it.
     */
    public static final String OU_OR_ROOT_ID_PATTERN =
            "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$";

    /**
     * Pattern of a duration with units d, h, m, s (for example 30d, 1h, 90m, 1h30m), as
     * status.Durations parses it; at most 6 digits per part and 4 parts, so no value overflows a
     * java.time.Duration.
     */
    public static final String DURATION_PATTERN = "^([0-9]{1,6}(d|h|m|s)){1,4}$";

    /** Longest duration text the pattern allows (4 parts of 6 digits and a unit). */
    public static final int DURATION_MAX_LENGTH = 28;

    /**
     * S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with
     * a letter or digit. The rules a regular expression without look-ahead cannot say (no "..", not
     * an IP address, reserved prefixes and suffixes) are CEL rules on the field.
     */
    public static final String BUCKET_NAME_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /**
     * An SQS queue name: 1-80 letters, digits, hyphens and underscores, a FIFO queue's including
     * ".fifo".
     */
    private static final String QUEUE_NAME = "([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\\.fifo)";

    /**
     * An SQS queue URL in a commercial or China partition:
     * https://sqs.REGION.amazonaws.com/ACCOUNT/NAME.
     */
    private static final String QUEUE_URL =
            "https://sqs\\.[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\\.amazonaws\\.com(\\.cn)?/[0-9]{12}/"
                    + QUEUE_NAME;

    /** spec.queue of a task: a queue name (looked up in the account) or a queue URL. */
    public static final String QUEUE_NAME_OR_URL_PATTERN =
            "^(" + QUEUE_NAME + "|" + QUEUE_URL + ")$";

    /**
     * Longest spec.queue: the URL of an 80-character queue in the region with the longest name,
     * with room.
     */
    public static final int QUEUE_MAX_LENGTH = 200;

    /**
     * The most ids (accounts or OUs) one list in a spec may hold: a larger organization uses OUs or
     * all.
     */
    public static final int MAX_IDS = 1000;

    /**
     * The most OUs one list in a spec may hold. Lower than MAX_IDS because the CEL rule that
     * compares targeted and excluded OUs costs (items x items x id length) and Kubernetes refuses a
     * CRD whose estimated cost is too high.
     */
    public static final int MAX_OUS = 250;

    private ApiGroup() {}
}

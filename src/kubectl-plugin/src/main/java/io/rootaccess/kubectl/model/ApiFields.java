package io.rootaccess.kubectl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every name and field of the operator's API the plugin reads, and the one mapping from a resource
 * (as JSON) to the plugin's records. The plugin reads the three kinds as generic resources, not as
 * the operator's classes: a field that is missing (an older operator) reads as null, a field it
 * does not know (a newer one) is ignored, and an enum value it has never seen is shown as it is.
 * When the API changes shape, this is the class to adapt; {@code ApiFieldsTest} fails when a path
 * below is no longer in the CRDs of {@code crds/}.
 *
 * <p>Paths are dotted; {@code []} marks a list, and an item's field is written with the list's path
 * so the test can check it (for example {@code status.attention[].reason}).
 */
public final class ApiFields {
    public static final String GROUP = "rootaccess.io";
    public static final String VERSION = "v1alpha1";

    /** The three kinds: name, plural (the API path) and the file of their CRD in crds/. */
    public enum Kind {
        POLICY("RootAccessPolicy", "rootaccesspolicies"),
        ACCOUNT("MemberAccountRootState", "memberaccountrootstates"),
        TASK("PrivilegedRootTask", "privilegedroottasks");

        public final String kind;
        public final String plural;

        Kind(String kind, String plural) {
            this.kind = kind;
            this.plural = plural;
        }

        /** {@code rootaccesspolicies.rootaccess.io}: the CRD's name, as RBAC messages say it. */
        public String resource() {
            return plural + "." + GROUP;
        }
    }

    /** Label on each MemberAccountRootState a policy created: the policy's name. */
    public static final String LABEL_POLICY = GROUP + "/policy";

    /** Set to "true" by a person on a MemberAccountRootState: no removal while it stays. */
    /** The older cancel, still honoured by the operator (cancels now live in {@link #CANCELS}). */
    public static final String ANNOTATION_HOLD_REMOVAL = GROUP + "/hold-removal";

    /**
     * The ConfigMap, in the operator's namespace, whose key per account id cancels removal for that
     * account ({@code "true"}; {@code "false"} or no key lifts it).
     */
    public static final String CANCELS = "root-access-operator-removal-cancels";

    /** The Ready reason of an account whose removal is cancelled, whatever cancelled it. */
    public static final String REASON_REMOVAL_CANCELLED = "RemovalCancelled";

    // --- shared by the three kinds
    public static final String CONDITIONS = "status.conditions";
    public static final String CONDITION_TYPE = "status.conditions[].type";
    public static final String CONDITION_STATUS = "status.conditions[].status";
    public static final String CONDITION_REASON = "status.conditions[].reason";
    public static final String CONDITION_MESSAGE = "status.conditions[].message";
    public static final String CONDITION_SINCE = "status.conditions[].lastTransitionTime";
    public static final String OBSERVED_GENERATION = "status.observedGeneration";

    // --- RootAccessPolicy
    public static final String POLICY_MODE = "spec.mode";
    public static final String POLICY_PRIORITY = "spec.priority";
    public static final String POLICY_STATE = "spec.rootCredentials.state";
    public static final String POLICY_CREDENTIAL_TYPES = "spec.rootCredentials.credentialTypes";
    public static final String POLICY_TARGET_ALL = "spec.targets.all";
    public static final String POLICY_TARGET_ACCOUNTS = "spec.targets.accountIds";
    public static final String POLICY_TARGET_OUS = "spec.targets.organizationalUnits";
    public static final String POLICY_TARGET_OU_ID = "spec.targets.organizationalUnits[].id";
    public static final String POLICY_TARGET_OU_DESCENDANTS =
            "spec.targets.organizationalUnits[].includeDescendants";
    public static final String POLICY_TARGET_TAGS = "spec.targets.tags";
    public static final String POLICY_TARGET_TAG_KEY = "spec.targets.tags[].key";
    public static final String POLICY_TARGET_TAG_VALUE = "spec.targets.tags[].value";
    public static final String POLICY_EXCLUDE_ACCOUNTS = "spec.exclude.accountIds";
    public static final String POLICY_EXCLUDE_OUS = "spec.exclude.organizationalUnits";
    public static final String POLICY_EXCLUDE_OU_ID = "spec.exclude.organizationalUnits[].id";
    public static final String POLICY_ORGANIZATION_ID = "status.organizationId";
    public static final String POLICY_MANAGEMENT_ACCOUNT = "status.managementAccountId";
    public static final String POLICY_TRUSTED_ACCESS = "status.trustedAccess";
    public static final String POLICY_ENABLED_FEATURES = "status.enabledFeatures";
    public static final String POLICY_DELEGATED_ADMIN = "status.delegatedAdministrator";
    public static final String POLICY_PLANNED_ORG_CHANGES = "status.plannedOrganizationChanges";
    public static final String POLICY_SELECTED = "status.selected";
    public static final String POLICY_COMPLIANT = "status.compliant";
    public static final String POLICY_NON_COMPLIANT = "status.nonCompliant";
    public static final String POLICY_IN_PROGRESS = "status.inProgress";
    public static final String POLICY_BLOCKED = "status.blocked";
    public static final String POLICY_FAILED = "status.failed";
    public static final String POLICY_EXCLUDED = "status.excluded";
    public static final String POLICY_WAITING = "status.waiting";
    public static final String POLICY_ATTENTION = "status.attention";
    public static final String POLICY_ATTENTION_ACCOUNT = "status.attention[].accountId";
    public static final String POLICY_ATTENTION_REASON = "status.attention[].reason";
    public static final String POLICY_ATTENTION_MESSAGE = "status.attention[].message";
    public static final String POLICY_ATTENTION_TRUNCATED = "status.attentionTruncated";
    public static final String POLICY_EXCLUDED_ACCOUNTS = "status.excludedAccounts";
    public static final String POLICY_EXCLUDED_ACCOUNT = "status.excludedAccounts[].accountId";
    public static final String POLICY_EXCLUDED_REASON = "status.excludedAccounts[].reason";
    public static final String POLICY_EXCLUDED_MESSAGE = "status.excludedAccounts[].message";
    public static final String POLICY_UNKNOWN_TARGETS = "status.unknownTargets";

    // --- MemberAccountRootState
    public static final String ACCOUNT_ID = "spec.accountId";
    public static final String ACCOUNT_STATE = "spec.rootCredentials.state";
    public static final String ACCOUNT_CREDENTIAL_TYPES = "spec.rootCredentials.credentialTypes";
    public static final String ACCOUNT_MODE = "spec.mode";
    public static final String ACCOUNT_SUSPEND = "spec.suspend";
    public static final String ACCOUNT_NOTICE = "spec.notice";
    public static final String ACCOUNT_PHASE = "status.phase";
    public static final String ACCOUNT_AWS_STATE = "status.accountState";
    public static final String ACCOUNT_LAST_AUDIT = "status.lastAuditTime";
    public static final String ACCOUNT_NEXT_AUDIT = "status.nextAuditTime";
    public static final String ACCOUNT_HOLD_UNTIL = "status.holdUntil";
    public static final String ACCOUNT_HOLD_TASK = "status.holdTask";
    public static final String ACCOUNT_SCHEDULED_AT = "status.scheduledAt";
    public static final String ACCOUNT_ATTENTION = "status.attention";
    public static final String ACCOUNT_CREDENTIALS = "status.credentials";
    public static final String ACCOUNT_PASSWORD = "status.credentials.passwordPresent";
    public static final String ACCOUNT_PASSWORD_LAST_USED = "status.credentials.passwordLastUsed";
    public static final String ACCOUNT_ACCESS_KEYS = "status.credentials.accessKeysPresent";
    public static final String ACCOUNT_SIGNING_CERTIFICATES =
            "status.credentials.signingCertificatesPresent";
    public static final String ACCOUNT_MFA_DEVICES = "status.credentials.mfaDevicesPresent";
    public static final String ACCOUNT_KEY_LIST = "status.credentials.accessKeys";
    public static final String ACCOUNT_KEY_ID = "status.credentials.accessKeys[].accessKeyId";
    public static final String ACCOUNT_KEY_STATUS = "status.credentials.accessKeys[].status";
    public static final String ACCOUNT_KEY_LAST_USED =
            "status.credentials.accessKeys[].lastUsedDate";
    public static final String ACCOUNT_KEY_LAST_SERVICE =
            "status.credentials.accessKeys[].lastUsedService";
    public static final String ACCOUNT_CERTIFICATE_IDS = "status.credentials.signingCertificateIds";
    public static final String ACCOUNT_MFA_SERIALS = "status.credentials.mfaSerialNumbers";
    public static final String ACCOUNT_PLAN = "status.plan";
    public static final String ACCOUNT_PLAN_ACTION = "status.plan[].action";
    public static final String ACCOUNT_PLAN_TARGET = "status.plan[].target";
    public static final String ACCOUNT_ACTIONS = "status.lastActions";
    public static final String ACCOUNT_ACTION = "status.lastActions[].action";
    public static final String ACCOUNT_ACTION_TARGET = "status.lastActions[].target";
    public static final String ACCOUNT_ACTION_TIME = "status.lastActions[].time";
    public static final String ACCOUNT_ACTION_RESULT = "status.lastActions[].result";
    public static final String ACCOUNT_ACTION_SESSION = "status.lastActions[].sessionAccessKeyId";
    public static final String ACCOUNT_ACTION_MESSAGE = "status.lastActions[].message";

    // --- PrivilegedRootTask
    public static final String TASK_ACCOUNT = "spec.accountId";
    public static final String TASK_TYPE = "spec.type";
    public static final String TASK_BUCKET = "spec.bucketName";
    public static final String TASK_QUEUE = "spec.queue";
    public static final String TASK_DURATION = "spec.duration";
    public static final String TASK_PHASE = "status.phase";
    public static final String TASK_START = "status.startTime";
    public static final String TASK_COMPLETION = "status.completionTime";
    public static final String TASK_SESSION = "status.sessionAccessKeyId";
    public static final String TASK_MESSAGE = "status.message";
    public static final String TASK_HOLD_UNTIL = "status.holdUntil";

    private ApiFields() {}

    // ---------------------------------------------------------------- the mapping

    public static Policy policy(JsonNode r) {
        List<Policy.Target> ous = new ArrayList<>();
        for (JsonNode ou : list(r, POLICY_TARGET_OUS)) {
            JsonNode descendants = item(ou, POLICY_TARGET_OU_DESCENDANTS);
            ous.add(
                    new Policy.Target(
                            text(item(ou, POLICY_TARGET_OU_ID)),
                            descendants.isMissingNode()
                                    || descendants.isNull()
                                    || descendants.asBoolean()));
        }
        List<Policy.Tag> tags = new ArrayList<>();
        for (JsonNode tag : list(r, POLICY_TARGET_TAGS)) {
            tags.add(
                    new Policy.Tag(
                            text(item(tag, POLICY_TARGET_TAG_KEY)),
                            text(item(tag, POLICY_TARGET_TAG_VALUE))));
        }
        return new Policy(
                meta(r),
                text(at(r, POLICY_MODE)),
                integer(at(r, POLICY_PRIORITY)),
                text(at(r, POLICY_STATE)),
                strings(at(r, POLICY_CREDENTIAL_TYPES)),
                bool(at(r, POLICY_TARGET_ALL)),
                strings(at(r, POLICY_TARGET_ACCOUNTS)),
                ous,
                tags,
                strings(at(r, POLICY_EXCLUDE_ACCOUNTS)),
                list(r, POLICY_EXCLUDE_OUS).stream()
                        // a plain string: the earlier shape, still stored in old objects
                        .map(
                                ou ->
                                        ou.isTextual()
                                                ? ou.asText()
                                                : text(item(ou, POLICY_EXCLUDE_OU_ID)))
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                r.path("status").isObject(),
                longValue(at(r, OBSERVED_GENERATION)),
                conditions(r),
                text(at(r, POLICY_ORGANIZATION_ID)),
                text(at(r, POLICY_MANAGEMENT_ACCOUNT)),
                bool(at(r, POLICY_TRUSTED_ACCESS)),
                strings(at(r, POLICY_ENABLED_FEATURES)),
                text(at(r, POLICY_DELEGATED_ADMIN)),
                strings(at(r, POLICY_PLANNED_ORG_CHANGES)),
                new Policy.Counts(
                        integer(at(r, POLICY_SELECTED)),
                        integer(at(r, POLICY_COMPLIANT)),
                        integer(at(r, POLICY_NON_COMPLIANT)),
                        integer(at(r, POLICY_IN_PROGRESS)),
                        integer(at(r, POLICY_BLOCKED)),
                        integer(at(r, POLICY_FAILED)),
                        integer(at(r, POLICY_EXCLUDED)),
                        integer(at(r, POLICY_WAITING))),
                notes(
                        r,
                        POLICY_ATTENTION,
                        POLICY_ATTENTION_ACCOUNT,
                        POLICY_ATTENTION_REASON,
                        POLICY_ATTENTION_MESSAGE),
                Boolean.TRUE.equals(bool(at(r, POLICY_ATTENTION_TRUNCATED))),
                notes(
                        r,
                        POLICY_EXCLUDED_ACCOUNTS,
                        POLICY_EXCLUDED_ACCOUNT,
                        POLICY_EXCLUDED_REASON,
                        POLICY_EXCLUDED_MESSAGE),
                strings(at(r, POLICY_UNKNOWN_TARGETS)));
    }

    public static AccountState account(JsonNode r) {
        List<Credentials.AccessKey> keys = new ArrayList<>();
        for (JsonNode k : list(r, ACCOUNT_KEY_LIST)) {
            keys.add(
                    new Credentials.AccessKey(
                            text(item(k, ACCOUNT_KEY_ID)),
                            text(item(k, ACCOUNT_KEY_STATUS)),
                            text(item(k, ACCOUNT_KEY_LAST_USED)),
                            text(item(k, ACCOUNT_KEY_LAST_SERVICE))));
        }
        Credentials credentials =
                at(r, ACCOUNT_CREDENTIALS).isObject()
                        ? new Credentials(
                                bool(at(r, ACCOUNT_PASSWORD)),
                                text(at(r, ACCOUNT_PASSWORD_LAST_USED)),
                                integer(at(r, ACCOUNT_ACCESS_KEYS)),
                                integer(at(r, ACCOUNT_SIGNING_CERTIFICATES)),
                                integer(at(r, ACCOUNT_MFA_DEVICES)),
                                keys,
                                strings(at(r, ACCOUNT_CERTIFICATE_IDS)),
                                strings(at(r, ACCOUNT_MFA_SERIALS)))
                        : null;
        List<AccountState.Call> plan = new ArrayList<>();
        for (JsonNode p : list(r, ACCOUNT_PLAN)) {
            plan.add(
                    new AccountState.Call(
                            text(item(p, ACCOUNT_PLAN_ACTION)),
                            text(item(p, ACCOUNT_PLAN_TARGET))));
        }
        List<AccountState.Action> actions = new ArrayList<>();
        for (JsonNode a : list(r, ACCOUNT_ACTIONS)) {
            actions.add(
                    new AccountState.Action(
                            text(item(a, ACCOUNT_ACTION)),
                            text(item(a, ACCOUNT_ACTION_TARGET)),
                            text(item(a, ACCOUNT_ACTION_TIME)),
                            text(item(a, ACCOUNT_ACTION_RESULT)),
                            text(item(a, ACCOUNT_ACTION_SESSION)),
                            text(item(a, ACCOUNT_ACTION_MESSAGE))));
        }
        Meta meta = meta(r);
        return new AccountState(
                meta,
                text(at(r, ACCOUNT_ID)),
                meta.labels().get(LABEL_POLICY),
                "true"
                        .equalsIgnoreCase(
                                String.valueOf(meta.annotations().get(ANNOTATION_HOLD_REMOVAL))
                                        .trim()),
                Condition.find(conditions(r), "Ready")
                        .filter(c -> REASON_REMOVAL_CANCELLED.equals(c.reason()))
                        .isPresent(),
                text(at(r, ACCOUNT_STATE)),
                strings(at(r, ACCOUNT_CREDENTIAL_TYPES)),
                text(at(r, ACCOUNT_MODE)),
                Boolean.TRUE.equals(bool(at(r, ACCOUNT_SUSPEND))),
                text(at(r, ACCOUNT_NOTICE)),
                r.path("status").isObject(),
                longValue(at(r, OBSERVED_GENERATION)),
                conditions(r),
                text(at(r, ACCOUNT_PHASE)),
                text(at(r, ACCOUNT_AWS_STATE)),
                credentials,
                text(at(r, ACCOUNT_LAST_AUDIT)),
                text(at(r, ACCOUNT_NEXT_AUDIT)),
                plan,
                actions,
                text(at(r, ACCOUNT_HOLD_UNTIL)),
                text(at(r, ACCOUNT_HOLD_TASK)),
                text(at(r, ACCOUNT_SCHEDULED_AT)),
                text(at(r, ACCOUNT_ATTENTION)));
    }

    public static Task task(JsonNode r) {
        String target = text(at(r, TASK_BUCKET));
        if (target == null) {
            target = text(at(r, TASK_QUEUE));
        }
        if (target == null) {
            target = text(at(r, TASK_DURATION));
        }
        return new Task(
                meta(r),
                text(at(r, TASK_ACCOUNT)),
                text(at(r, TASK_TYPE)),
                target,
                text(at(r, TASK_PHASE)),
                conditions(r),
                text(at(r, TASK_START)),
                text(at(r, TASK_COMPLETION)),
                text(at(r, TASK_SESSION)),
                text(at(r, TASK_MESSAGE)),
                text(at(r, TASK_HOLD_UNTIL)));
    }

    private static Meta meta(JsonNode r) {
        JsonNode m = r.path("metadata");
        return new Meta(
                text(m.path("namespace")),
                text(m.path("name")),
                longValue(m.path("generation")),
                stringMap(m.path("labels")),
                stringMap(m.path("annotations")));
    }

    private static List<Condition> conditions(JsonNode r) {
        List<Condition> out = new ArrayList<>();
        for (JsonNode c : list(r, CONDITIONS)) {
            out.add(
                    new Condition(
                            text(item(c, CONDITION_TYPE)),
                            text(item(c, CONDITION_STATUS)),
                            text(item(c, CONDITION_REASON)),
                            text(item(c, CONDITION_MESSAGE)),
                            text(item(c, CONDITION_SINCE))));
        }
        return out;
    }

    private static List<Note> notes(
            JsonNode r, String list, String account, String reason, String message) {
        List<Note> out = new ArrayList<>();
        for (JsonNode n : list(r, list)) {
            out.add(
                    new Note(
                            text(item(n, account)), text(item(n, reason)), text(item(n, message))));
        }
        return out;
    }

    // ---------------------------------------------------------------- reading JSON defensively

    /** The node at a dotted path from the resource's top; a missing node when any step is. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String step : path.split("\\.")) {
            n = n.path(step);
        }
        return n;
    }

    /** An item's field: the part of a path after its last {@code []}. */
    static JsonNode item(JsonNode item, String path) {
        return at(item, path.substring(path.lastIndexOf("[].") + 3));
    }

    private static List<JsonNode> list(JsonNode node, String path) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n = at(node, path);
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static Boolean bool(JsonNode n) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return Boolean.parseBoolean(n.textValue());
        }
        return null;
    }

    private static Integer integer(JsonNode n) {
        if (n.isNumber()) {
            return n.intValue();
        }
        if (n.isTextual()) {
            try {
                return Integer.parseInt(n.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long longValue(JsonNode n) {
        return n.isNumber() ? n.longValue() : null;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(
                    v -> {
                        if (!v.isNull() && !v.isContainerNode()) {
                            out.add(v.asText());
                        }
                    });
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}

package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Events on a policy, from what one pass changed in its status: the selection (how many accounts
 * are selected and excluded), a conflict found or cleared, an organization switch that changed.
 * Repeats are aggregated by {@link KubernetesEvents}. Nothing is emitted for the first status
 * (there is no change to tell), nor for the selection while the first walk of the organization
 * fills it.
 */
final class PolicyEvents {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .configure(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .FAIL_ON_UNKNOWN_PROPERTIES,
                            false);

    private final KubernetesEvents events;

    PolicyEvents(Clock clock) {
        this.events = new KubernetesEvents(clock);
    }

    /**
     * Compares the status the pass started from ({@code before}, a StatusPatch snapshot) with the
     * one it wrote.
     */
    void changes(KubernetesClient client, RootAccessPolicy policy, JsonNode before) {
        RootAccessPolicyStatus was = parse(before);
        RootAccessPolicyStatus now = policy.getStatus();
        if (was == null || now == null || was.observedGeneration == null) {
            return;
        }
        // while the first walk of the organization runs, the selection grows with what it finds:
        // that is no change to tell
        boolean walking =
                readingOrganization(was.conditions) || readingOrganization(now.conditions);
        if (!walking
                && was.selected != null
                && now.selected != null
                && (!Objects.equals(was.selected, now.selected)
                        || !Objects.equals(was.excluded, now.excluded))) {
            events.emit(
                    client,
                    policy,
                    KubernetesEvents.NORMAL,
                    PolicyReasons.EVENT_SELECTION_CHANGED,
                    "selection changed: "
                            + now.selected
                            + " account(s) selected (was "
                            + was.selected
                            + "), "
                            + zero(now.excluded)
                            + " excluded (was "
                            + zero(was.excluded)
                            + ")");
        }
        boolean conflictBefore = isTrue(was.conditions, ConditionTypes.CONFLICT);
        boolean conflictNow = isTrue(now.conditions, ConditionTypes.CONFLICT);
        if (!conflictBefore && conflictNow) {
            events.emit(
                    client,
                    policy,
                    KubernetesEvents.WARNING,
                    PolicyReasons.EVENT_CONFLICT_FOUND,
                    message(now.conditions, ConditionTypes.CONFLICT));
        } else if (conflictBefore && !conflictNow) {
            events.emit(
                    client,
                    policy,
                    KubernetesEvents.NORMAL,
                    PolicyReasons.EVENT_CONFLICT_CLEARED,
                    "no other policy disagrees about this" + " policy's accounts any more");
        }
        switchChanged(
                client, policy, "trusted access for IAM", was.trustedAccess, now.trustedAccess);
        switchChanged(
                client,
                policy,
                "IAM organization features",
                sorted(was.enabledFeatures),
                sorted(now.enabledFeatures));
        switchChanged(
                client,
                policy,
                "IAM delegated administrator",
                was.delegatedAdministrator,
                now.delegatedAdministrator);
    }

    private void switchChanged(
            KubernetesClient client, RootAccessPolicy policy, String what, Object was, Object now) {
        if (was != null && now != null && !was.equals(now)) {
            events.emit(
                    client,
                    policy,
                    KubernetesEvents.NORMAL,
                    PolicyReasons.EVENT_ORGANIZATION_SWITCH_CHANGED,
                    what + " changed from " + was + " to " + now);
        }
    }

    private static Object sorted(List<String> values) {
        return values == null ? null : new TreeSet<>(values).toString();
    }

    private static int zero(Integer n) {
        return n == null ? 0 : n;
    }

    private static boolean readingOrganization(List<Condition> conditions) {
        return conditions != null
                && conditions.stream()
                        .anyMatch(c -> PolicyReasons.READING_ORGANIZATION.equals(c.getReason()));
    }

    private static boolean isTrue(List<Condition> conditions, String type) {
        return conditions != null
                && conditions.stream()
                        .anyMatch(
                                c ->
                                        type.equals(c.getType())
                                                && ConditionTypes.TRUE.equals(c.getStatus()));
    }

    private static String message(List<Condition> conditions, String type) {
        return conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .map(Condition::getMessage)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("another policy disagrees about an account");
    }

    private static RootAccessPolicyStatus parse(JsonNode before) {
        if (before == null || before.isNull() || before.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(before, RootAccessPolicyStatus.class);
        } catch (Exception e) {
            return null;
        }
    }
}

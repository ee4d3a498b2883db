package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the MemberAccountRootState a policy wants for one account, and reads what a child tells
 * the policy.
 */
public final class Children {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Children() {}

    public static MemberAccountRootState desired(
            RootAccessPolicy policy, String accountId, DesiredState desired, boolean suspend) {
        MemberAccountRootState child = new MemberAccountRootState();
        child.setMetadata(
                new ObjectMetaBuilder()
                        .withName(ChildNames.of(accountId, policy.getMetadata().getName()))
                        .withNamespace(policy.getMetadata().getNamespace())
                        .withLabels(labels(policy, accountId))
                        .withOwnerReferences(
                                new OwnerReferenceBuilder()
                                        .withApiVersion(policy.getApiVersion())
                                        .withKind(policy.getKind())
                                        .withName(policy.getMetadata().getName())
                                        .withUid(policy.getMetadata().getUid())
                                        .withController(true)
                                        .withBlockOwnerDeletion(true)
                                        .build())
                        .build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.accountId = accountId;
        spec.rootCredentials = desired.rootCredentialsCopy();
        spec.mode = desired.mode();
        spec.suspend = suspend;
        // owners warned first: the policy's notice travels with each child
        spec.notice =
                policy.getSpec() == null || policy.getSpec().rollout == null
                        ? null
                        : policy.getSpec().rollout.notice;
        child.setSpec(spec);
        return child;
    }

    static Map<String, String> labels(RootAccessPolicy policy, String accountId) {
        return Map.of(
                ApiGroup.LABEL_POLICY,
                policy.getMetadata().getName(),
                ApiGroup.LABEL_ACCOUNT_ID,
                accountId,
                ApiGroup.LABEL_MANAGED_BY,
                ApiGroup.MANAGED_BY);
    }

    /** True when the existing child's spec or our labels differ from the wanted child. */
    public static boolean differs(MemberAccountRootState existing, MemberAccountRootState wanted) {
        if (!MAPPER.valueToTree(existing.getSpec()).equals(MAPPER.valueToTree(wanted.getSpec()))) {
            return true;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        return labels == null
                || !wanted.getMetadata().getLabels().entrySet().stream()
                        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    public static String accountId(MemberAccountRootState child) {
        return child.getSpec() == null ? null : child.getSpec().accountId;
    }

    /**
     * The child's phase, only when its status describes its current spec (otherwise its news is
     * stale).
     */
    public static AccountPhase currentPhase(MemberAccountRootState child) {
        if (child.getStatus() == null) {
            return null;
        }
        Long observed = child.getStatus().observedGeneration;
        Long generation = child.getMetadata().getGeneration();
        if (observed != null && generation != null && observed < generation) {
            return null;
        }
        return child.getStatus().phase;
    }

    /** Released = not suspended, for the desired state the policy has now. */
    public static Rollout.ChildView view(MemberAccountRootState child, DesiredState desired) {
        MemberAccountRootStateSpec spec = child.getSpec();
        boolean sameDesired =
                spec != null
                        && spec.rootCredentials != null
                        && DesiredState.of(spec.rootCredentials, spec.mode).equals(desired);
        boolean released = sameDesired && !Boolean.TRUE.equals(spec.suspend);
        return new Rollout.ChildView(released, sameDesired ? currentPhase(child) : null);
    }
}

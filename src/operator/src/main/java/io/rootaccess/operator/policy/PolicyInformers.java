package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The two informers of the policy controller and the cross-policy event mapping, held by type:
 *
 * <ul>
 *   <li>children (every MemberAccountRootState): a child's status change moves its policy's
 *       summary; one no policy owns (written by hand) takes its account away from every policy, so
 *       its arrival, account change or deletion concerns all of them;
 *   <li>peers (every RootAccessPolicy): a spec change or deletion of one can change who owns an
 *       account in all the others.
 * </ul>
 */
final class PolicyInformers {
    static final String CHILDREN = "children";
    static final String PEERS = "peers";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InformerEventSource<MemberAccountRootState, RootAccessPolicy> children;
    private final InformerEventSource<RootAccessPolicy, RootAccessPolicy> peers;

    private PolicyInformers(
            InformerEventSource<MemberAccountRootState, RootAccessPolicy> children,
            InformerEventSource<RootAccessPolicy, RootAccessPolicy> peers) {
        this.children = children;
        this.peers = peers;
    }

    static PolicyInformers create(EventSourceContext<RootAccessPolicy> context) {
        var primaries = context.getPrimaryCache();
        var byOwner = Mappers.<MemberAccountRootState>fromOwnerReferences(RootAccessPolicy.class);
        var children =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        MemberAccountRootState.class, RootAccessPolicy.class)
                                .withName(CHILDREN)
                                .withSecondaryToPrimaryMapper(
                                        mars ->
                                                ownedByPolicy(mars)
                                                        ? byOwner.toPrimaryResourceIDs(mars)
                                                        : primaries
                                                                .list()
                                                                .map(ResourceID::fromResource)
                                                                .collect(Collectors.toSet()))
                                .withOnUpdateFilter(
                                        (now, before) ->
                                                ownedByPolicy(now)
                                                        || !Objects.equals(
                                                                accountOf(now), accountOf(before))
                                                        || !Objects.equals(
                                                                now.getMetadata()
                                                                        .getDeletionTimestamp(),
                                                                before.getMetadata()
                                                                        .getDeletionTimestamp()))
                                .build(),
                        context);
        var peers =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        RootAccessPolicy.class, RootAccessPolicy.class)
                                .withName(PEERS)
                                .withSecondaryToPrimaryMapper(
                                        changed ->
                                                primaries
                                                        .list()
                                                        .filter(
                                                                p ->
                                                                        !Objects.equals(
                                                                                p.getMetadata()
                                                                                        .getUid(),
                                                                                changed.getMetadata()
                                                                                        .getUid()))
                                                        .map(ResourceID::fromResource)
                                                        .collect(Collectors.toSet()))
                                .withOnUpdateFilter(
                                        (now, before) ->
                                                !MAPPER.valueToTree(now.getSpec())
                                                                .equals(
                                                                        MAPPER.valueToTree(
                                                                                before.getSpec()))
                                                        || !Objects.equals(
                                                                now.getMetadata()
                                                                        .getDeletionTimestamp(),
                                                                before.getMetadata()
                                                                        .getDeletionTimestamp()))
                                .build(),
                        context);
        return new PolicyInformers(children, peers);
    }

    List<EventSource<?, RootAccessPolicy>> eventSources() {
        return List.of(children, peers);
    }

    /**
     * The children informer, told of every child this controller writes: the next pass reads the
     * written child, and the write's own event wakes nobody.
     */
    RecentOperationCacheFiller<MemberAccountRootState> childrenCache() {
        return children;
    }

    /**
     * All policies, from the informer whose events re-evaluate us on a peer's change (so the change
     * that woke us up is already in it). A policy whose spec cannot be read is left out: its empty
     * spec must not take part in conflicts, priorities or switches (it reports InvalidSpec).
     */
    Stream<RootAccessPolicy> policies() {
        return peers.list(p -> p.getSpec() == null || p.getSpec().unreadable == null);
    }

    /**
     * Account id -> namespace/name of the MemberAccountRootStates no policy owns (written by hand),
     * any namespace.
     */
    Map<String, String> handWrittenResources() {
        Map<String, String> byAccount = new HashMap<>();
        children.list(
                        c ->
                                c.getSpec() != null
                                        && c.getSpec().accountId != null
                                        && c.getMetadata().getDeletionTimestamp() == null
                                        && !ownedByPolicy(c))
                .forEach(
                        c ->
                                byAccount.put(
                                        c.getSpec().accountId,
                                        c.getMetadata().getNamespace()
                                                + "/"
                                                + c.getMetadata().getName()));
        return byAccount;
    }

    /**
     * Accounts for which another policy's child still exists (we lost it to no one, it is on its
     * way out).
     */
    Set<String> accountsWithOtherPoliciesChildren(RootAccessPolicy policy) {
        return children.list(
                        c ->
                                c.getMetadata().getLabels() != null
                                        && c.getMetadata()
                                                .getLabels()
                                                .containsKey(ApiGroup.LABEL_ACCOUNT_ID)
                                        && c.getMetadata()
                                                .getLabels()
                                                .containsKey(ApiGroup.LABEL_POLICY)
                                        && c.getMetadata().getOwnerReferences().stream()
                                                .noneMatch(
                                                        o ->
                                                                Objects.equals(
                                                                        o.getUid(),
                                                                        policy.getMetadata()
                                                                                .getUid())))
                .map(c -> c.getMetadata().getLabels().get(ApiGroup.LABEL_ACCOUNT_ID))
                .collect(Collectors.toSet());
    }

    /**
     * This policy's children. The children informer also maps hand-written resources to every
     * policy (they change what each may select): those are never a policy's to update or delete.
     */
    List<MemberAccountRootState> ownChildren(RootAccessPolicy policy) {
        String uid = policy.getMetadata().getUid();
        return children.getSecondaryResources(policy).stream()
                .filter(
                        c ->
                                c.getMetadata().getOwnerReferences().stream()
                                        .anyMatch(o -> Objects.equals(uid, o.getUid())))
                .toList();
    }

    private static boolean ownedByPolicy(MemberAccountRootState mars) {
        return mars.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "RootAccessPolicy".equals(o.getKind()));
    }

    private static String accountOf(MemberAccountRootState mars) {
        return mars.getSpec() == null ? null : mars.getSpec().accountId;
    }
}

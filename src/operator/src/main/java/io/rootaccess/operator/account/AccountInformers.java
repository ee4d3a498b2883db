package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.holds.AccountStateIndex;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.holds.WatchedPolicies;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The account controller's informers besides its own: the AllowPasswordRecovery tasks (a hold that
 * starts or ends re-reconciles its account at once) and the RootAccessPolicies (read only, for the
 * generation fence: their changes reach the children through the policy's pass). Empty until the
 * controller prepared its event sources.
 */
final class AccountInformers {
    private static final String ACCOUNT_INDEX = "rootaccess.io/account-id";

    private volatile InformerEventSource<PrivilegedRootTask, MemberAccountRootState> tasks;
    private volatile InformerEventSource<RootAccessPolicy, MemberAccountRootState> policies;

    List<EventSource<?, MemberAccountRootState>> create(
            EventSourceContext<MemberAccountRootState> context,
            AccountStateIndex index,
            WatchedPolicies watchedPolicies) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(
                ACCOUNT_INDEX,
                m ->
                        m.getSpec() == null || m.getSpec().accountId == null
                                ? List.of()
                                : List.of(
                                        key(
                                                m.getMetadata().getNamespace(),
                                                m.getSpec().accountId)));
        index.attach(primaries); // the task controller reads it
        tasks =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        PrivilegedRootTask.class, MemberAccountRootState.class)
                                .withSecondaryToPrimaryMapper(
                                        (PrivilegedRootTask task) ->
                                                task.getSpec() == null
                                                                || task.getSpec().type
                                                                        != TaskType
                                                                                .AllowPasswordRecovery
                                                        ? Set.of()
                                                        : primaries
                                                                .byIndex(
                                                                        ACCOUNT_INDEX,
                                                                        key(
                                                                                task.getMetadata()
                                                                                        .getNamespace(),
                                                                                task.getSpec()
                                                                                        .accountId))
                                                                .stream()
                                                                .map(ResourceID::fromResource)
                                                                .collect(Collectors.toSet()))
                                .build(),
                        context);
        policies =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        RootAccessPolicy.class, MemberAccountRootState.class)
                                .withName("owning-policies")
                                .withSecondaryToPrimaryMapper(p -> Set.of())
                                .build(),
                        context);
        watchedPolicies.attach(policies); // the task controller reads exclusions from it
        return List.of(tasks, policies);
    }

    /** The tasks that may hold the account, as the informer has them now. */
    List<PrivilegedRootTask> holdsFor(MemberAccountRootState resource) {
        var source = tasks;
        if (source == null) {
            return List.of();
        }
        String ns = resource.getMetadata().getNamespace();
        String accountId = resource.getSpec().accountId;
        return source.list(ns, t -> BreakGlassHold.holds(t, ns, accountId)).toList();
    }

    /** A RootAccessPolicy as the informer has it now. */
    Optional<RootAccessPolicy> policy(String namespace, String name) {
        var source = policies;
        return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
    }

    private static String key(String namespace, String accountId) {
        return namespace + "/" + accountId;
    }
}

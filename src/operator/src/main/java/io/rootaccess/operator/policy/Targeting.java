package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.AccountAttention;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.TagSelector;
import io.rootaccess.operator.api.policy.TargetsSpec;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.ProtectedAccounts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which member accounts a policy selects, computed from one organization snapshot without calling
 * AWS. The forms of {@code spec.targets} are a union; {@code spec.exclude} is subtracted; the
 * management account and accounts that are not ACTIVE are never selected. Nothing declared selects
 * nothing, never everything.
 */
public final class Targeting {
    public static final String REASON_MANAGEMENT_ACCOUNT = PolicyReasons.MANAGEMENT_ACCOUNT;
    public static final String REASON_NOT_ACTIVE = PolicyReasons.ACCOUNT_NOT_ACTIVE;
    public static final String REASON_EXCLUDED = PolicyReasons.EXCLUDED;
    public static final String REASON_EXCLUDED_OU = PolicyReasons.EXCLUDED_OU;
    public static final String REASON_OWN_RESOURCE = PolicyReasons.MANAGED_BY_OWN_RESOURCE;
    public static final String REASON_PROTECTED = PolicyReasons.PROTECTED_ACCOUNT;

    private Targeting() {}

    /**
     * @param selected account ids, sorted (the rollout order)
     * @param excluded candidates left out, with the reason, sorted by account id
     * @param unknownTargets ids and OUs named in the spec that the organization does not have
     * @param declared false when spec.targets declares no form at all
     */
    public record Selection(
            List<String> selected,
            List<AccountAttention> excluded,
            List<String> unknownTargets,
            boolean declared) {

        /**
         * Leaves out the accounts that have a MemberAccountRootState of their own (written by hand,
         * not by a policy): two resources acting on one root user would undo each other's work.
         */
        public Selection withoutOwnResources(Map<String, String> resourceByAccount) {
            if (resourceByAccount.isEmpty()
                    || selected.stream().noneMatch(resourceByAccount::containsKey)) {
                return this;
            }
            Map<String, AccountAttention> out = new TreeMap<>();
            excluded.forEach(a -> out.put(a.accountId, a));
            List<String> kept = new ArrayList<>();
            for (String id : selected) {
                String resource = resourceByAccount.get(id);
                if (resource == null) {
                    kept.add(id);
                } else {
                    out.put(
                            id,
                            new AccountAttention(
                                    id,
                                    REASON_OWN_RESOURCE,
                                    "managed by MemberAccountRootState "
                                            + resource
                                            + ", which no policy owns"));
                }
            }
            return new Selection(
                    List.copyOf(kept), List.copyOf(out.values()), unknownTargets, declared);
        }
    }

    public static boolean declared(TargetsSpec targets) {
        return targets != null
                && (Boolean.TRUE.equals(targets.all)
                        || !empty(targets.accountIds)
                        || !empty(targets.organizationalUnits)
                        || !empty(targets.tags));
    }

    public static Selection select(
            TargetsSpec targets, ExcludeSpec exclude, OrganizationSnapshot org) {
        return select(targets, exclude, org, ProtectedAccounts.none());
    }

    /**
     * As above, and the operator's protected accounts (rootaccess.protected-accounts) are never
     * selected, whatever the spec says: they are listed as excluded with reason ProtectedAccount.
     */
    public static Selection select(
            TargetsSpec targets,
            ExcludeSpec exclude,
            OrganizationSnapshot org,
            ProtectedAccounts protectedAccounts) {
        Set<String> unknown = new LinkedHashSet<>();
        if (!declared(targets)) {
            return new Selection(List.of(), List.of(), List.of(), false);
        }
        Set<String> candidates = new TreeSet<>();
        if (Boolean.TRUE.equals(targets.all)) {
            candidates.addAll(org.accounts().keySet());
        }
        for (String id : nonNull(targets.accountIds)) {
            if (org.accounts().containsKey(id)) {
                candidates.add(id);
            } else {
                unknown.add("account " + id);
            }
        }
        for (OrganizationalUnitTarget ou : nonNull(targets.organizationalUnits)) {
            if (ou == null || ou.id == null) {
                continue;
            }
            if (!knownParent(org, ou.id)) {
                unknown.add("organizationalUnit " + ou.id);
                continue;
            }
            boolean descendants = !Boolean.FALSE.equals(ou.includeDescendants);
            for (String id : org.accounts().keySet()) {
                if (descendants
                        ? org.path(id).contains(ou.id)
                        : ou.id.equals(org.parents().get(id))) {
                    candidates.add(id);
                }
            }
        }
        for (TagSelector tag : nonNull(targets.tags)) {
            if (tag == null || tag.key == null) {
                continue;
            }
            org.tags()
                    .forEach(
                            (id, tags) -> {
                                if (tags.containsKey(tag.key)
                                        && (tag.value == null
                                                || tag.value.equals(tags.get(tag.key)))
                                        && org.accounts().containsKey(id)) {
                                    candidates.add(id);
                                }
                            });
        }

        Set<String> excludedIds = new TreeSet<>();
        Set<String> excludedOus = new TreeSet<>();
        if (exclude != null) {
            for (String id : nonNull(exclude.accountIds)) {
                excludedIds.add(id);
                if (!org.accounts().containsKey(id)) {
                    unknown.add("excluded account " + id);
                }
            }
            for (String ou : ExcludedOrganizationalUnit.ids(exclude.organizationalUnits)) {
                excludedOus.add(ou);
                if (!knownParent(org, ou)) {
                    unknown.add("excluded organizationalUnit " + ou);
                }
            }
        }

        List<String> selected = new ArrayList<>();
        Map<String, AccountAttention> excluded = new TreeMap<>();
        String management =
                org.organization() == null ? null : org.organization().managementAccountId();
        for (String id : candidates) {
            AccountInfo account = org.accounts().get(id);
            String ouHit =
                    org.path(id).stream().filter(excludedOus::contains).findFirst().orElse(null);
            if (protectedAccounts.contains(id)) {
                excluded.put(
                        id,
                        new AccountAttention(
                                id,
                                REASON_PROTECTED,
                                "protected by the operator's "
                                        + ProtectedAccounts.PROPERTY
                                        + ": never selected, no root session is opened in it"));
            } else if (Objects.equals(id, management)) {
                excluded.put(
                        id,
                        new AccountAttention(
                                id,
                                REASON_MANAGEMENT_ACCOUNT,
                                "the management account is never managed: sts:AssumeRoot only works on member accounts"));
            } else if (excludedIds.contains(id)) {
                excluded.put(
                        id,
                        new AccountAttention(
                                id, REASON_EXCLUDED, "listed in spec.exclude.accountIds"));
            } else if (ouHit != null) {
                excluded.put(
                        id,
                        new AccountAttention(
                                id,
                                REASON_EXCLUDED_OU,
                                "in excluded organizational unit " + ouHit));
            } else if (!account.active()) {
                excluded.put(
                        id,
                        new AccountAttention(
                                id,
                                REASON_NOT_ACTIVE,
                                "account state is "
                                        + account.state()
                                        + ", only ACTIVE accounts are managed"));
            } else {
                selected.add(id);
            }
        }
        return new Selection(
                List.copyOf(selected), List.copyOf(excluded.values()), List.copyOf(unknown), true);
    }

    /**
     * Why a policy leaves the account out on purpose: its targets include the account and its
     * spec.exclude removes it (an excluded id or OU). Empty when the targets do not include the
     * account, or include and keep it. Computed the way {@link #select} computes the selection, so
     * a task and the policy agree on what is excluded.
     */
    public static Optional<AccountAttention> exclusion(
            TargetsSpec targets, ExcludeSpec exclude, OrganizationSnapshot org, String accountId) {
        if (exclude == null) {
            return Optional.empty();
        }
        return select(targets, exclude, org).excluded().stream()
                .filter(a -> a.accountId.equals(accountId))
                .filter(
                        a ->
                                REASON_EXCLUDED.equals(a.reason)
                                        || REASON_EXCLUDED_OU.equals(a.reason))
                .findFirst();
    }

    /** An OU (or the root) that exists in the snapshot. */
    private static boolean knownParent(OrganizationSnapshot org, String id) {
        return org.organizationalUnits().contains(id) || id.equals(org.rootId());
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}

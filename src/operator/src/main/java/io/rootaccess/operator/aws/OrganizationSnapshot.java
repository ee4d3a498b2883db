package io.rootaccess.operator.aws;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization's shape at one moment: accounts, the OU tree and account tags. Read in one paced
 * sweep and shared by every policy, so targeting never calls AWS per policy.
 *
 * @param parents child id (account or OU) to parent id (OU or root)
 * @param organizationalUnits every OU id in the organization
 * @param tags account id to its tags (only accounts with tags appear)
 * @param tagsPending accounts whose tags have not been read yet (tags cost one call per account and
 *     are read after the shape, in the background): a tag selector cannot yet say whether it
 *     selects them
 * @param complete false while the first walk of the organization is still running: the accounts
 *     found so far, each with its whole path (the walk is top-down), but an account missing here
 *     may still be found; nothing may be concluded from an absence
 */
public record OrganizationSnapshot(
        OrganizationInfo organization,
        String rootId,
        Map<String, AccountInfo> accounts,
        Map<String, String> parents,
        Set<String> organizationalUnits,
        Map<String, Map<String, String>> tags,
        Set<String> tagsPending,
        Instant readAt,
        boolean complete) {

    /** A whole organization. */
    public OrganizationSnapshot(
            OrganizationInfo organization,
            String rootId,
            Map<String, AccountInfo> accounts,
            Map<String, String> parents,
            Set<String> organizationalUnits,
            Map<String, Map<String, String>> tags,
            Set<String> tagsPending,
            Instant readAt) {
        this(
                organization,
                rootId,
                accounts,
                parents,
                organizationalUnits,
                tags,
                tagsPending,
                readAt,
                true);
    }

    /** A snapshot whose tags are all known (or not needed). */
    public OrganizationSnapshot(
            OrganizationInfo organization,
            String rootId,
            Map<String, AccountInfo> accounts,
            Map<String, String> parents,
            Set<String> organizationalUnits,
            Map<String, Map<String, String>> tags,
            Instant readAt) {
        this(organization, rootId, accounts, parents, organizationalUnits, tags, Set.of(), readAt);
    }

    /**
     * This shape with the tags read so far: tags of accounts no longer in the organization are
     * dropped, and every account of the shape not in {@code tags.read()} stays pending.
     */
    public OrganizationSnapshot withTags(AccountTags known) {
        Map<String, Map<String, String>> kept = new HashMap<>();
        known.tags()
                .forEach(
                        (id, t) -> {
                            if (accounts.containsKey(id) && !t.isEmpty()) {
                                kept.put(id, t);
                            }
                        });
        Set<String> pending = new HashSet<>(accounts.keySet());
        pending.removeAll(known.read());
        return new OrganizationSnapshot(
                organization,
                rootId,
                accounts,
                parents,
                organizationalUnits,
                Map.copyOf(kept),
                Set.copyOf(pending),
                readAt,
                complete);
    }

    /** Ids from the account (exclusive) up to the root (inclusive): its OUs, nearest first. */
    public List<String> path(String id) {
        var path = new java.util.ArrayList<String>();
        String p = parents.get(id);
        while (p != null && path.size() < 10) {
            path.add(p);
            p = parents.get(p);
        }
        return path;
    }
}

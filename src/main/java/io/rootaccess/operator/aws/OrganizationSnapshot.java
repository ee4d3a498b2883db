package io.rootaccess.operator.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization's shape at one moment: accounts, the OU tree and account tags. Read in one
 * paced sweep and shared by every policy, so targeting never calls AWS per policy.
 *
 * @param parents child id (account or OU) to parent id (OU or root)
 * @param organizationalUnits every OU id in the organization
 * @param tags account id to its tags (only accounts with tags appear)
 */
public record OrganizationSnapshot(OrganizationInfo organization, String rootId, Map<String, AccountInfo> accounts,
        Map<String, String> parents, Set<String> organizationalUnits, Map<String, Map<String, String>> tags,
        Instant readAt) {

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

package io.rootaccess.operator.policy;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A small organization for the pure tests: root r-root: management 111111111111, ou-prod-aaaaaaaa {
 * 100000000001, 100000000002 (SUSPENDED), ou-prod-bbbbbbbb { 100000000003 } }, ou-dev-cccccccc {
 * 100000000004 (tag env=dev), 100000000005 (tag env=test) }.
 */
final class OrgFixture {
    static final String MGMT = "111111111111";
    static final String ROOT = "r-root";
    static final String PROD = "ou-prod-aaaaaaaa";
    static final String PROD_NESTED = "ou-prod-bbbbbbbb";
    static final String DEV = "ou-dev-cccccccc";
    static final String A1 = "100000000001",
            A2 = "100000000002",
            A3 = "100000000003",
            A4 = "100000000004",
            A5 = "100000000005";

    private OrgFixture() {}

    static OrganizationSnapshot snapshot() {
        Map<String, AccountInfo> accounts = new LinkedHashMap<>();
        Map<String, String> parents = new HashMap<>();
        add(accounts, parents, MGMT, ROOT, "ACTIVE");
        add(accounts, parents, A1, PROD, "ACTIVE");
        add(accounts, parents, A2, PROD, "SUSPENDED");
        add(accounts, parents, A3, PROD_NESTED, "ACTIVE");
        add(accounts, parents, A4, DEV, "ACTIVE");
        add(accounts, parents, A5, DEV, "ACTIVE");
        parents.put(PROD, ROOT);
        parents.put(PROD_NESTED, PROD);
        parents.put(DEV, ROOT);
        Set<String> ous = new HashSet<>(Set.of(PROD, PROD_NESTED, DEV));
        Map<String, Map<String, String>> tags =
                Map.of(A4, Map.of("env", "dev"), A5, Map.of("env", "test"));
        return new OrganizationSnapshot(
                new OrganizationInfo("o-test", MGMT, "ALL"),
                ROOT,
                accounts,
                parents,
                ous,
                tags,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static void add(
            Map<String, AccountInfo> accounts,
            Map<String, String> parents,
            String id,
            String parent,
            String state) {
        accounts.put(id, new AccountInfo(id, "acct-" + id, id + "@example.com", state));
        parents.put(id, parent);
    }
}

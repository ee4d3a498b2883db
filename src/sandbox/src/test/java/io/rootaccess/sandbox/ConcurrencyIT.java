package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Parallel SDK callers against shared state: every change lands once, every call is counted once.
 */
class ConcurrencyIT {
    @Test
    void parallelDeleteSessionsRemoveEveryKeyExactlyOnce() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
                SdkClients clients = new SdkClients(sb)) {
            SandboxOrganization org = sb.organization();
            org.setTrustedAccessForIam(true);
            org.setFeatureEnabled("RootCredentialsManagement", true);
            List<String> accounts =
                    SandboxSeed.generate(org, 40, 5).stream()
                            .filter(id -> org.accountState(id).equals("ACTIVE"))
                            .toList();
            int keys = 0;
            for (String id : accounts) {
                for (int k = 0; k < 3; k++) {
                    org.rootUser(id).addAccessKey(null);
                }
                keys += org.rootUser(id).accessKeyIds().size();
            }
            StsClient sts = clients.managementSts();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (String id : accounts) {
                results.add(
                        pool.submit(
                                () -> {
                                    IamClient iam =
                                            clients.iam(
                                                    SdkClients.of(
                                                            sts.assumeRoot(
                                                                    r ->
                                                                            r.targetPrincipal(id)
                                                                                    .taskPolicyArn(
                                                                                            p ->
                                                                                                    p
                                                                                                            .arn(
                                                                                                                    TaskPolicy
                                                                                                                            .DELETE
                                                                                                                            .arn())))));
                                    int deleted = 0;
                                    for (var k : iam.listAccessKeys(r -> {}).accessKeyMetadata()) {
                                        iam.deleteAccessKey(r -> r.accessKeyId(k.accessKeyId()));
                                        deleted++;
                                    }
                                    return deleted;
                                }));
            }
            int deleted = 0;
            for (Future<Integer> f : results) {
                deleted += f.get();
            }
            pool.shutdown();
            assertEquals(keys, deleted);
            assertTrue(accounts.stream().allMatch(id -> org.rootUser(id).accessKeyIds().isEmpty()));
            assertEquals(keys, sb.calls().count("iam:DeleteAccessKey"));
            assertEquals(accounts.size(), sb.calls().count("sts:AssumeRoot"));
            assertEquals(keys + 2L * accounts.size(), sb.calls().total());
        }
    }
}

package io.rootaccess.operator.policy;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.testing.AccountStates;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.Policies;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.9, operator side: every field's bad forms, as a cluster without schema validation (the
 * Fabric8 mock, an old CRD) hands them to the operator. Each resource ends Stalled with a named
 * reason (InvalidSpec) in its first pass, the sandbox sees zero AWS calls for the whole table, and
 * no pass ends in an exception (reason Error). A fresh organization, so the call log holds only
 * what this table caused.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class BadInputIT {
    static final String NS = "bad-input";

    record Row(String name, HasMetadata resource, String inMessage, String reason) {
        Row(String name, HasMetadata resource, String inMessage) {
            this(name, resource, inMessage, "InvalidSpec");
        }
    }

    @Inject io.rootaccess.operator.aws.OrganizationCache organization;

    @Inject KubernetesClient client;

    static RootAccessPolicy policy(String name, Consumer<RootAccessPolicySpec> bad) {
        return Policies.policy(name)
                .inNamespace(NS)
                .absent()
                .enforce()
                .targetingAccounts("111122223333")
                .spec(bad)
                .build();
    }

    static MemberAccountRootState account(String name, Consumer<MemberAccountRootStateSpec> bad) {
        return AccountStates.accountState("111122223333")
                .named(name)
                .inNamespace(NS)
                .enforce()
                .spec(bad)
                .build();
    }

    static PrivilegedRootTask task(
            String name, TaskType type, Consumer<PrivilegedRootTaskSpec> bad) {
        return Tasks.task("111122223333", type).named(name).inNamespace(NS).spec(bad).build();
    }

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /**
     * The typed object as stored JSON, with one field replaced by a value of the wrong JSON type,
     * as a cluster without schema validation (or an older CRD) can hold it: the operator cannot
     * read it into its classes.
     */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource unreadable(HasMetadata typed, Object bad, String... path) {
        GenericKubernetesResource g = JSON.convertValue(typed, GenericKubernetesResource.class);
        Map<String, Object> at = (Map<String, Object>) g.getAdditionalProperties().get("spec");
        for (int i = 0; i < path.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new java.util.HashMap<>());
        }
        at.put(path[path.length - 1], bad);
        return g;
    }

    static List<Row> table() {
        List<String> tooMany =
                IntStream.range(0, 1001).mapToObj(i -> String.format("%012d", i)).toList();
        List<Row> rows = new ArrayList<>();
        rows.add(
                new Row(
                        "short id",
                        policy("p-short-id", s -> s.targets.accountIds = List.of("12345")),
                        "12345"));
        rows.add(
                new Row(
                        "long id",
                        policy("p-long-id", s -> s.targets.accountIds = List.of("1234567890123")),
                        "1234567890123"));
        rows.add(
                new Row(
                        "bad exclusion id",
                        policy(
                                "p-exclude-id",
                                s -> {
                                    s.exclude = new ExcludeSpec();
                                    s.exclude.accountIds = List.of("abc");
                                }),
                        "abc"));
        rows.add(
                new Row(
                        "bad OU",
                        policy(
                                "p-ou",
                                s ->
                                        s.targets.organizationalUnits =
                                                List.of(
                                                        new OrganizationalUnitTarget(
                                                                "Workloads", true))),
                        "Workloads"));
        rows.add(
                new Row(
                        "bad excluded OU",
                        policy(
                                "p-exclude-ou",
                                s -> {
                                    s.exclude = new ExcludeSpec();
                                    s.exclude.organizationalUnits =
                                            ExcludedOrganizationalUnit.of("ou-1");
                                }),
                        "ou-1"));
        rows.add(
                new Row(
                        "audit interval 0s",
                        policy("p-zero", s -> s.rootCredentials.auditInterval = "0s"),
                        "0s"));
        rows.add(
                new Row(
                        "duration 1x",
                        policy("p-1x", s -> s.rootCredentials.auditInterval = "1x"),
                        "1x"));
        rows.add(
                new Row(
                        "huge duration",
                        policy(
                                "p-huge",
                                s -> s.rootCredentials.protectKeysUsedWithin = "200000000000000d"),
                        "too long"));
        rows.add(
                new Row(
                        "too many ids",
                        policy("p-many", s -> s.targets.accountIds = tooMany),
                        "1001"));
        rows.add(
                new Row(
                        "bad delegated administrator",
                        policy(
                                "p-admin",
                                s -> {
                                    s.organization = new OrganizationSpec();
                                    s.organization.delegatedAdministrator =
                                            new DelegatedAdministratorSpec();
                                    s.organization.delegatedAdministrator.accountId = "42";
                                }),
                        "42"));
        rows.add(
                new Row(
                        "maxInFlight 0",
                        policy(
                                "p-inflight",
                                s -> {
                                    s.rollout = new RolloutSpec();
                                    s.rollout.maxInFlight = 0;
                                }),
                        "maxInFlight"));
        // stored objects the operator cannot read: each one is refused by name, and the informer
        // of its kind goes on delivering every other row of the table
        rows.add(
                new Row(
                        "excluded OU of the wrong JSON type",
                        unreadable(
                                policy("p-unreadable-ou", s -> {}),
                                List.of(Map.of("id", Map.of("ou", 1))),
                                "exclude",
                                "organizationalUnits"),
                        "spec.exclude.organizationalUnits[0].id"));
        rows.add(
                new Row(
                        "credential type of the wrong JSON type",
                        unreadable(
                                policy("p-unreadable-type", s -> {}),
                                List.of(Map.of("type", "Password")),
                                "rootCredentials",
                                "credentialTypes"),
                        "spec.rootCredentials.credentialTypes[0]"));
        rows.add(
                new Row(
                        "account rootCredentials of the wrong JSON type",
                        unreadable(
                                account("a-unreadable", s -> {}),
                                List.of("Absent"),
                                "rootCredentials"),
                        "spec.rootCredentials"));
        rows.add(
                new Row(
                        "task accountId of the wrong JSON type",
                        unreadable(
                                task("t-unreadable", TaskType.UnlockS3BucketPolicy, s -> {}),
                                Map.of("id", "111122223333"),
                                "accountId"),
                        "spec.accountId"));

        rows.add(
                new Row(
                        "account short id",
                        account("a-short", s -> s.accountId = "12345"),
                        "12345"));
        rows.add(
                new Row(
                        "account 0s",
                        account("a-zero", s -> s.rootCredentials.auditInterval = "0s"),
                        "0s"));
        rows.add(
                new Row(
                        "account 1x",
                        account("a-1x", s -> s.rootCredentials.auditInterval = "1x"),
                        "1x"));
        rows.add(
                new Row(
                        "account huge",
                        account(
                                "a-huge",
                                s -> s.rootCredentials.protectKeysUsedWithin = "200000000000000d"),
                        "too long"));

        rows.add(
                new Row(
                        "task short id",
                        task("t-short", TaskType.UnlockS3BucketPolicy, s -> s.accountId = "1"),
                        "'1'"));
        rows.add(
                new Row(
                        "bucket on a queue task",
                        task(
                                "t-mixed",
                                TaskType.UnlockSqsQueuePolicy,
                                s -> s.bucketName = "a-bucket"),
                        "bucketName"));
        rows.add(
                new Row(
                        "queue on a recovery task",
                        task("t-mixed2", TaskType.AllowPasswordRecovery, s -> s.queue = "q"),
                        "queue"));
        rows.add(
                new Row(
                        "queue URL of another account",
                        task(
                                "t-other-account",
                                TaskType.UnlockSqsQueuePolicy,
                                s ->
                                        s.queue =
                                                "https://sqs.us-east-1.amazonaws.com/999988887777/q"),
                        "999988887777"));
        // the operator calls SQS at the sandbox (rootaccess.aws.endpoint): URLs of any other
        // region, host, port or scheme are refused before a root session is opened
        String sqs = sandbox().endpoint().toString().replaceAll("/+$", "");
        rows.add(
                new Row(
                        "queue URL of another region",
                        task(
                                "t-other-region",
                                TaskType.UnlockSqsQueuePolicy,
                                s ->
                                        s.queue =
                                                "https://sqs.eu-west-1.amazonaws.com/111122223333/q"),
                        "sqs.eu-west-1.amazonaws.com"));
        rows.add(
                new Row(
                        "queue URL of another host",
                        task(
                                "t-other-host",
                                TaskType.UnlockSqsQueuePolicy,
                                s -> s.queue = "https://queues.example.com/111122223333/q"),
                        "queues.example.com"));
        rows.add(
                new Row(
                        "queue URL of another port",
                        task(
                                "t-other-port",
                                TaskType.UnlockSqsQueuePolicy,
                                s -> s.queue = "http://127.0.0.1:1/111122223333/q"),
                        "127.0.0.1:1,"));
        rows.add(
                new Row(
                        "queue URL of another scheme",
                        task(
                                "t-other-scheme",
                                TaskType.UnlockSqsQueuePolicy,
                                s ->
                                        s.queue =
                                                sqs.replaceFirst("^http:", "https:")
                                                        + "/111122223333/q"),
                        "https://"));
        String management = sandbox().organization().managementAccountId();
        rows.add(
                new Row(
                        "task naming the management account",
                        task(
                                "t-management",
                                TaskType.UnlockS3BucketPolicy,
                                s -> s.accountId = management),
                        management,
                        "ManagementAccount"));
        rows.add(
                new Row(
                        "recovery of the management account",
                        task(
                                "t-management2",
                                TaskType.AllowPasswordRecovery,
                                s -> s.accountId = management),
                        management,
                        "ManagementAccount"));
        rows.add(
                new Row(
                        "account state of the management account",
                        account("a-management", s -> s.accountId = management),
                        management,
                        "ManagementAccount"));
        rows.add(
                new Row(
                        "bucket name S3 refuses",
                        task(
                                "t-bucket",
                                TaskType.UnlockS3BucketPolicy,
                                s -> s.bucketName = "Bad_Bucket"),
                        "Bad_Bucket"));
        rows.add(
                new Row(
                        "bucket name too short",
                        task("t-bucket2", TaskType.UnlockS3BucketPolicy, s -> s.bucketName = "ab"),
                        "'ab'"));
        rows.add(
                new Row(
                        "hold 0s",
                        task("t-zero", TaskType.AllowPasswordRecovery, s -> s.duration = "0s"),
                        "0s"));
        rows.add(
                new Row(
                        "hold 1x",
                        task("t-1x", TaskType.AllowPasswordRecovery, s -> s.duration = "1x"),
                        "1x"));
        rows.add(
                new Row(
                        "hold huge",
                        task(
                                "t-huge",
                                TaskType.AllowPasswordRecovery,
                                s -> s.duration = "200000000000000d"),
                        "too long"));
        return rows;
    }

    @Test
    void everyBadSpecEndsInANamedConditionWithZeroAwsCalls() {
        Namespaces.ensure(client, NS);
        // the organization was read before (as by any earlier policy or task): the management
        // account is then known without a call
        organization.current();
        long before = sandbox().calls().total();
        List<Row> rows = table();
        rows.forEach(r -> create(r.resource()));
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            try {
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> stalled(row), Objects::nonNull);
                Condition c = stalled(row);
                if (!c.getMessage().contains(row.inMessage())) {
                    wrong.add(
                            row.name()
                                    + ": message does not name '"
                                    + row.inMessage()
                                    + "': "
                                    + c.getMessage());
                }
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                wrong.add(
                        row.name()
                                + ": no Stalled/"
                                + row.reason()
                                + "; conditions "
                                + conditions(row));
            }
        }
        assertEquals(List.of(), wrong);
        // a few more seconds: still Stalled, no exception loop, still no AWS call
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        for (Row row : rows) {
            assertTrue(stalled(row) != null, row.name());
            assertTrue(
                    conditions(row).stream().noneMatch(c -> "Error".equals(c.getReason())),
                    row.name());
        }
        assertEquals(
                before,
                sandbox().calls().total(),
                () -> "AWS calls for bad input: " + sandbox().calls().snapshot());
    }

    private Condition stalled(Row row) {
        return conditions(row).stream()
                .filter(
                        c ->
                                "Stalled".equals(c.getType())
                                        && "True".equals(c.getStatus())
                                        && row.reason().equals(c.getReason()))
                .findFirst()
                .orElse(null);
    }

    private void create(HasMetadata resource) {
        if (resource instanceof GenericKubernetesResource g) {
            generic(g).resource(g).create();
        } else {
            client.resource(resource).create();
        }
    }

    /** The kind's endpoint without discovery (the mock server has none). */
    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            generic(GenericKubernetesResource g) {
        Class<? extends HasMetadata> kind =
                switch (g.getKind()) {
                    case "RootAccessPolicy" -> RootAccessPolicy.class;
                    case "MemberAccountRootState" -> MemberAccountRootState.class;
                    default -> PrivilegedRootTask.class;
                };
        return client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(kind))
                .inNamespace(g.getMetadata().getNamespace());
    }

    private List<Condition> conditions(Row row) {
        if (row.resource() instanceof GenericKubernetesResource g) {
            GenericKubernetesResource now = generic(g).withName(g.getMetadata().getName()).get();
            List<?> raw = now == null ? null : now.get("status", "conditions");
            return raw == null
                    ? List.of()
                    : raw.stream().map(c -> JSON.convertValue(c, Condition.class)).toList();
        }
        HasMetadata now = client.resource(row.resource()).get();
        if (now instanceof RootAccessPolicy p) {
            return p.getStatus() == null ? List.of() : p.getStatus().conditions;
        }
        if (now instanceof MemberAccountRootState m) {
            return m.getStatus() == null ? List.of() : m.getStatus().conditions;
        }
        if (now instanceof PrivilegedRootTask t) {
            return t.getStatus() == null ? List.of() : t.getStatus().conditions;
        }
        return List.of();
    }
}

package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rootaccess.operator.schema.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests against the committed CRDs, validated the way an API server does (CrdValidator: schema
 * and CEL rules): every example is accepted, and a table of bad specs is refused with the right
 * message.
 */
class CrdValidationTest {

    private static final Map<String, String> PLURAL =
            Map.of(
                    "RootAccessPolicy",
                    "rootaccesspolicies",
                    "MemberAccountRootState",
                    "memberaccountrootstates",
                    "PrivilegedRootTask",
                    "privilegedroottasks");

    @Test
    void everyCelRuleInTheCommittedCrdsCompiles() {
        List<String> rules = new ArrayList<>();
        for (String plural : Repo.CRD_PLURALS) {
            collectRules(CrdSchemaTest.schema(plural), rules);
        }
        assertTrue(rules.size() >= 17, "expected the CEL rules of the three kinds, found " + rules);
        rules.forEach(CrdValidator::compile);
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            return files
                    .filter(
                            f ->
                                    f.toString().endsWith(".yaml")
                                            && !f.startsWith(Path.of("examples/sandbox")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAccepted(Path file) {
        JsonNode manifest = Repo.yaml(Repo.read(file));
        String plural = PLURAL.get(manifest.path("kind").asText());
        assertTrue(plural != null, file + " is not one of the three kinds");
        assertEquals(List.of(), validateSpec(plural, manifest.path("spec")), file.toString());
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // ids
                bad(
                        "rootaccesspolicies",
                        "{targets: {accountIds: ['1234']}}",
                        "spec.targets.accountIds[0]: should match"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {accountIds: ['1111222233334']}}",
                        "should match"),
                bad(
                        "rootaccesspolicies",
                        "{exclude: {organizationalUnits: [{id: 'r-abcd'}]}}",
                        "spec.exclude.organizationalUnits[0].id"),
                // one shape for OU references: exclude takes {id: ...} as targets does
                bad(
                        "rootaccesspolicies",
                        "{exclude: {organizationalUnits: [ou-demo-sandboxes]}}",
                        "spec.exclude.organizationalUnits[0]: Invalid value: \"string\": spec.exclude.organizationalUnits[0] in body must be of type object"),
                bad(
                        "rootaccesspolicies",
                        "{exclude: {organizationalUnits: [{}]}}",
                        "spec.exclude.organizationalUnits[0].id: Required value"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {organizationalUnits: [{id: 'ou-1'}]}}",
                        "spec.targets.organizationalUnits[0].id"),
                bad(
                        "rootaccesspolicies",
                        "{organization: {delegatedAdministrator: {accountId: '12'}}}",
                        "spec.organization.delegatedAdministrator.accountId"),
                bad(
                        "memberaccountrootstates",
                        "{accountId: '12345678901x', rootCredentials: {state: Absent}}",
                        "spec.accountId"),
                bad(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '1', duration: 1h}",
                        "spec.accountId"),
                // durations
                bad(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '111122223333', duration: 0s}",
                        "duration must be longer than 0s"),
                bad(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '111122223333', duration: 1x}",
                        "spec.duration"),
                bad(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '111122223333', duration: 200000000000000d}",
                        "spec.duration"),
                bad(
                        "memberaccountrootstates",
                        "{accountId: '111122223333', rootCredentials: {state: Audit, auditInterval: 0m}}",
                        "auditInterval must be longer than 0s"),
                bad(
                        "rootaccesspolicies",
                        "{rootCredentials: {state: Absent, protectKeysUsedWithin: 30 days}}",
                        "spec.rootCredentials.protectKeysUsedWithin"),
                // fields of another task type, and missing ones
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333', queue: q, bucketName: b-1}",
                        "bucketName only with UnlockS3BucketPolicy"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: b-1, queue: q}",
                        "queue only with UnlockSqsQueuePolicy"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: b-1, duration: 1h}",
                        "duration only with AllowPasswordRecovery"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333'}",
                        "bucketName is required when type is UnlockS3BucketPolicy"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333'}",
                        "queue is required when type is UnlockSqsQueuePolicy"),
                bad(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '111122223333'}",
                        "duration is required when type is AllowPasswordRecovery"),
                bad(
                        "privilegedroottasks",
                        "{type: RotateEverything, accountId: '111122223333'}",
                        "spec.type: Unsupported value"),
                // bucket names S3 would refuse
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: 'my..bucket'}",
                        "no two adjacent dots"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: '192.168.5.4'}",
                        "not an IP address"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: 'xn--bucket'}",
                        "does not start with xn--"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: 'b-s3alias'}",
                        "does not end with -s3alias"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: 'My_Bucket'}",
                        "spec.bucketName: should match"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: '"
                                + "b".repeat(64)
                                + "'}",
                        "spec.bucketName: Too long"),
                // queue URLs of another account, host or scheme
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333',"
                                + " queue: 'https://sqs.us-east-1.amazonaws.com/444455556666/q'}",
                        "must be spec.accountId"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333',"
                                + " queue: 'https://sqs.us-east-1.evil.example/111122223333/q'}",
                        "spec.queue: should match"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333',"
                                + " queue: 'http://sqs.us-east-1.amazonaws.com/111122223333/q'}",
                        "spec.queue: should match"),
                bad(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333', queue: 'my queue'}",
                        "spec.queue: should match"),
                // lists and bounds
                bad(
                        "rootaccesspolicies",
                        "{targets: {accountIds: " + ids(1001) + "}}",
                        "spec.targets.accountIds: Too many"),
                bad(
                        "rootaccesspolicies",
                        "{exclude: {accountIds: " + ids(1001) + "}}",
                        "spec.exclude.accountIds: Too many"),
                bad(
                        "rootaccesspolicies",
                        "{rollout: {maxInFlight: 0}}",
                        "spec.rollout.maxInFlight"),
                bad("rootaccesspolicies", "{priority: 100000}", "spec.priority"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {tags: [{key: ''}]}}",
                        "spec.targets.tags[0].key: Too short"),
                bad(
                        "rootaccesspolicies",
                        "{rootCredentials: {state: Absent, credentialTypes: [Password, Password]}}",
                        "credentialTypes lists a type twice"),
                // cross-field sanity
                bad(
                        "rootaccesspolicies",
                        "{targets: {accountIds: ['111122223333']}, exclude: {accountIds: ['111122223333']}}",
                        "both in targets.accountIds and in exclude.accountIds"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {organizationalUnits: [{id: ou-demo-sandboxes}]},"
                                + " exclude: {organizationalUnits: [{id: ou-demo-sandboxes}]}}",
                        "both in targets.organizationalUnits"),
                bad(
                        "rootaccesspolicies",
                        "{rootCredentials: {state: Audit, credentialTypes: [Password]}}",
                        "credentialTypes only with state Absent"),
                bad(
                        "memberaccountrootstates",
                        "{accountId: '111122223333', rootCredentials: {state: RecoveryAllowed,"
                                + " protectKeysUsedWithin: 30d}}",
                        "protectKeysUsedWithin only with state Absent"),
                // never a password without MFA, unless said explicitly
                bad(
                        "memberaccountrootstates",
                        "{accountId: '111122223333', rootCredentials: {state: Absent,"
                                + " credentialTypes: [MfaDevices]}}",
                        "removes MfaDevices but keeps the Password"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {all: true}, rootCredentials: {state: Absent,"
                                + " credentialTypes: [AccessKeys, MfaDevices],"
                                + " allowMfaRemovalWithPassword: false}}",
                        "removes MfaDevices but keeps the Password"),
                bad(
                        "rootaccesspolicies",
                        "{targets: {all: true}, selector: {}}",
                        "spec.selector: unknown field"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badSpecs")
    void aBadSpecIsRefusedWithItsMessage(String plural, String spec, String expected) {
        List<String> errors = validateSpec(plural, Repo.yaml(spec));
        assertTrue(
                errors.stream().anyMatch(e -> e.contains(expected)),
                "expected an error containing '" + expected + "', got " + errors);
    }

    static Stream<Arguments> goodSpecs() {
        return Stream.of(
                Arguments.of(
                        "privilegedroottasks",
                        "{type: UnlockSqsQueuePolicy, accountId: '111122223333',"
                                + " queue: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders.fifo'}"),
                Arguments.of(
                        "privilegedroottasks",
                        "{type: UnlockS3BucketPolicy, accountId: '111122223333', bucketName: 'logs.example-1'}"),
                Arguments.of(
                        "privilegedroottasks",
                        "{type: AllowPasswordRecovery, accountId: '111122223333', duration: 1h30m}"),
                Arguments.of(
                        "rootaccesspolicies",
                        "{targets: {accountIds: "
                                + ids(1000)
                                + "}, exclude: {accountIds: ['999999999999']},"
                                + " rootCredentials: {state: Absent, credentialTypes: [Password, MfaDevices], protectKeysUsedWithin: 30d}}"),
                Arguments.of(
                        "rootaccesspolicies",
                        "{targets: {organizationalUnits: [{id: r-demo}, {id: ou-demo-workloads,"
                                + " includeDescendants: false}]}, exclude: {organizationalUnits: [{id: ou-demo-sandboxes}]}, priority: -5}"),
                Arguments.of(
                        "memberaccountrootstates",
                        "{accountId: '111122223333', rootCredentials: {state: Absent,"
                                + " credentialTypes: [MfaDevices], allowMfaRemovalWithPassword: true}}"),
                Arguments.of(
                        "memberaccountrootstates",
                        "{accountId: '111122223333', rootCredentials: {state: Audit, auditInterval: 10m}}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goodSpecs")
    void aGoodSpecIsAccepted(String plural, String spec) {
        assertEquals(List.of(), validateSpec(plural, Repo.yaml(spec)));
    }

    @Test
    void anAccountStateKeepsItsAccountId() {
        JsonNode before =
                Repo.yaml("{accountId: '111122223333', rootCredentials: {state: Absent}}");
        JsonNode after = Repo.yaml("{accountId: '444455556666', rootCredentials: {state: Absent}}");
        assertTrue(
                validateSpec("memberaccountrootstates", after, before).stream()
                        .anyMatch(e -> e.contains("accountId is immutable")));
        assertEquals(
                List.of(),
                validateSpec(
                        "memberaccountrootstates",
                        Repo.yaml("{accountId: '111122223333', rootCredentials: {state: Audit}}"),
                        before));
        assertFalse(
                validateSpec("memberaccountrootstates", after).stream()
                        .anyMatch(e -> e.contains("immutable")),
                "a transition rule does not apply on create");
    }

    @Test
    void aTaskSpecCannotBeEdited() {
        JsonNode before =
                Repo.yaml(
                        "{accountId: '111122223333', type: UnlockS3BucketPolicy, bucketName: locked}");
        JsonNode after =
                Repo.yaml(
                        "{accountId: '111122223333', type: UnlockS3BucketPolicy, bucketName: other}");
        assertTrue(
                validateSpec("privilegedroottasks", after, before).stream()
                        .anyMatch(e -> e.contains("a task's spec is immutable")),
                "an edited task spec is refused by the API server");
        assertEquals(List.of(), validateSpec("privilegedroottasks", before, before));
        assertEquals(List.of(), validateSpec("privilegedroottasks", after));
    }

    private static Arguments bad(String plural, String spec, String expected) {
        return Arguments.of(plural, spec, expected);
    }

    private static String ids(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",")
                    .append('\'')
                    .append(String.format("%012d", 100000000000L + i))
                    .append('\'');
        }
        return b.append(']').toString();
    }

    private static void collectRules(JsonNode node, List<String> rules) {
        node.path("x-kubernetes-validations").forEach(v -> rules.add(v.path("rule").asText()));
        node.path("properties").forEach(child -> collectRules(child, rules));
        if (node.path("items").isObject()) {
            collectRules(node.path("items"), rules);
        }
    }

    /** The errors for a created object's spec (empty when the API server would accept it). */
    static List<String> validateSpec(String plural, JsonNode spec) {
        return validateSpec(plural, spec, null);
    }

    /** The errors for an update from oldSpec to spec (transition rules are evaluated only then). */
    static List<String> validateSpec(String plural, JsonNode spec, JsonNode oldSpec) {
        return CrdValidator.validate(
                "spec", CrdSchemaTest.schema(plural).at("/properties/spec"), spec, oldSpec);
    }
}

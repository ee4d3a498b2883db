package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootaccess.operator.aws.TaskPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies in deploy/iam grant exactly what the aws package calls with the operator's own
 * identity, so the shipped policy cannot fall behind (or ahead of) the code.
 *
 * <p>The calls are read from the source: every {@code clients.<service>().<operation>(} in
 * src/main/java/io/rootaccess/operator/aws is one IAM action {@code <service>:<Operation>}. Files
 * that run calls inside an sts:AssumeRoot session ({@code in.call(session, ...)}) are authorized by
 * the AWS task policy of the session, not by the operator's policy; they are checked against the
 * task policies instead.
 */
class OperatorIamPolicyTest {

    private static final Path AWS_SOURCES =
            Repo.ROOT.resolve("src/operator/src/main/java/io/rootaccess/operator/aws");
    private static final Path IAM = Repo.DEPLOY.resolve("iam");
    private static final Pattern SDK_CALL =
            Pattern.compile("clients\\.(iam|sts|organizations|s3|sqs)\\(\\)\\s*\\.\\s*(\\w+)\\(");
    private static final Pattern ACTION_LITERAL =
            Pattern.compile(
                    "\"((?:iam|sts|organizations|s3|sqs):[A-Za-z]+)\"(?!\\s*[+:]|\\s*\\)\\s*\\+)");
    private static final Set<String> MUTATING_PREFIXES =
            Set.of(
                    "Enable",
                    "Disable",
                    "Register",
                    "Deregister",
                    "Create",
                    "Delete",
                    "Put",
                    "Set",
                    "Deactivate",
                    "Update",
                    "Attach",
                    "Detach");

    /** What the task policies allow inside a root session (shared/reference/AWS-ROOT-ACCESS.md). */
    private static final Map<TaskPolicy, Set<String>> TASK_POLICY_ACTIONS =
            Map.of(
                    TaskPolicy.AUDIT,
                            Set.of(
                                    "iam:GetAccountSummary",
                                    "iam:GetLoginProfile",
                                    "iam:ListAccessKeys",
                                    "iam:GetAccessKeyLastUsed",
                                    "iam:ListSigningCertificates",
                                    "iam:ListMFADevices",
                                    "iam:GetUser"),
                    TaskPolicy.DELETE,
                            Set.of(
                                    "iam:DeleteLoginProfile",
                                    "iam:DeleteAccessKey",
                                    "iam:DeleteSigningCertificate",
                                    "iam:DeactivateMFADevice",
                                    "iam:GetLoginProfile",
                                    "iam:ListAccessKeys",
                                    "iam:GetAccessKeyLastUsed",
                                    "iam:ListSigningCertificates",
                                    "iam:ListMFADevices",
                                    "iam:GetUser"),
                    TaskPolicy.CREATE_PASSWORD,
                            Set.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
                    TaskPolicy.S3_UNLOCK,
                            Set.of(
                                    "s3:GetBucketPolicy",
                                    "s3:DeleteBucketPolicy",
                                    "s3:PutBucketPolicy",
                                    "s3:ListAllMyBuckets"),
                    TaskPolicy.SQS_UNLOCK,
                            Set.of(
                                    "sqs:ListQueues",
                                    "sqs:GetQueueUrl",
                                    "sqs:GetQueueAttributes",
                                    "sqs:SetQueueAttributes"));

    /** action -> source files calling it with the operator's identity */
    static final Map<String, Set<String>> operatorCalls = new TreeMap<>();

    /** action -> source files calling it inside a root session */
    static final Map<String, Set<String>> sessionCalls = new TreeMap<>();

    static final Set<String> actionLiterals = new TreeSet<>();

    @BeforeAll
    static void scanSources() throws IOException {
        List<Path> files;
        try (Stream<Path> s =
                Files.walk(AWS_SOURCES)) { // aws and its sub-packages (sdk, pacing, ...)
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String source = Repo.read(file);
            boolean inSession = source.contains("in.call(");
            // Classifying a whole file is sound only while no file mixes the two identities.
            assertFalse(
                    inSession && (source.contains("calls.call(") || source.contains("calls.run(")),
                    file.getFileName()
                            + " calls AWS both with the operator's identity and in root sessions:"
                            + " split it, or teach this test to tell the calls apart");
            Matcher m = SDK_CALL.matcher(source);
            while (m.find()) {
                String action =
                        m.group(1)
                                + ":"
                                + Character.toUpperCase(m.group(2).charAt(0))
                                + m.group(2).substring(1);
                (inSession ? sessionCalls : operatorCalls)
                        .computeIfAbsent(action, a -> new TreeSet<>())
                        .add(file.getFileName().toString());
            }
            Matcher literal = ACTION_LITERAL.matcher(source);
            while (literal.find()) {
                actionLiterals.add(literal.group(1));
            }
        }
        assertTrue(
                operatorCalls.size() >= 15,
                "the scan found too few SDK calls, is the pattern stale? " + operatorCalls);
        assertTrue(
                sessionCalls.size() >= 10,
                "the scan found too few root-session calls: " + sessionCalls);
    }

    @Test
    void operatorPolicyGrantsExactlyTheCallsTheOperatorMakes() {
        Set<String> granted = allowedActions(policy("operator-policy.json"));
        Set<String> missing = new TreeSet<>(operatorCalls.keySet());
        missing.removeAll(granted);
        assertEquals(
                Set.of(),
                missing,
                "deploy/iam/operator-policy.json lacks actions the code calls: "
                        + missing.stream()
                                .map(a -> a + " (" + operatorCalls.get(a) + ")")
                                .collect(Collectors.joining(", ")));
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(operatorCalls.keySet());
        assertEquals(
                Set.of(),
                unused,
                "deploy/iam/operator-policy.json grants actions no code calls (least privilege)");
    }

    @Test
    void assumeRootIsLimitedToTheFiveTaskPolicies() {
        JsonNode statement = assumeRootStatement(policy("operator-policy.json"));
        Set<String> expected =
                Arrays.stream(TaskPolicy.values()).map(TaskPolicy::arn).collect(Collectors.toSet());
        assertEquals(expected, taskPolicyArns(statement));
        assertEquals("arn:aws:iam::*:root", statement.path("Resource").asText());
    }

    @Test
    void auditOnlyPolicyMutatesNothingAndOpensOnlyAuditSessions() {
        JsonNode auditOnly = policy("operator-policy-audit-only.json");
        Set<String> granted = allowedActions(auditOnly);
        assertTrue(
                allowedActions(policy("operator-policy.json")).containsAll(granted),
                "the audit-only policy must be a subset of the full policy");
        for (String action : granted) {
            String operation = action.substring(action.indexOf(':') + 1);
            assertTrue(
                    MUTATING_PREFIXES.stream().noneMatch(operation::startsWith),
                    action + " mutates");
        }
        // everything a read-only pass needs with the operator's identity
        Set<String> reads =
                operatorCalls.keySet().stream()
                        .filter(
                                a ->
                                        MUTATING_PREFIXES.stream()
                                                .noneMatch(
                                                        a.substring(a.indexOf(':') + 1)
                                                                ::startsWith))
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missingReads = new TreeSet<>(reads);
        missingReads.removeAll(granted);
        assertEquals(Set.of(), missingReads, "the audit-only policy lacks read calls");
        assertEquals(
                Set.of(TaskPolicy.AUDIT.arn()), taskPolicyArns(assumeRootStatement(auditOnly)));
    }

    @Test
    void everyRootSessionCallIsAllowedBySomeTaskPolicy() {
        Set<String> allowed =
                TASK_POLICY_ACTIONS.values().stream()
                        .flatMap(Set::stream)
                        .collect(Collectors.toSet());
        Set<String> outside = new TreeSet<>(sessionCalls.keySet());
        outside.removeAll(allowed);
        assertEquals(Set.of(), outside, "root-session calls no AWS task policy allows");
        assertFalse(sessionCalls.containsKey("sts:AssumeRoot"));
        assertTrue(
                operatorCalls.containsKey("sts:AssumeRoot"),
                "AssumeRoot is called with the operator's identity");
    }

    @Test
    void actionNamesInTheCodeMatchTheSdkOperations() {
        // "iam:DeleteAccessKey" literals name the action in errors and metrics: each must be a real
        // call
        // (a literal continued with + is a prefix, like "iam:Enable" + "Organizations" + feature).
        Set<String> called = new TreeSet<>(operatorCalls.keySet());
        called.addAll(sessionCalls.keySet());
        Set<String> unknown = new TreeSet<>(actionLiterals);
        unknown.removeAll(called);
        assertEquals(Set.of(), unknown, "action names in the aws package that match no SDK call");
    }

    /**
     * The chart renders the IAM policies with the protected accounts' Deny from its own copies
     * (helm cannot read files outside the chart): they must be the policies of deploy/iam.
     */
    @Test
    void theChartsCopiesOfThePoliciesAreTheShippedOnes() {
        for (String file : List.of("operator-policy.json", "operator-policy-audit-only.json")) {
            assertEquals(
                    policy(file),
                    readJson(Repo.CHART.resolve("files/iam").resolve(file)),
                    "helm/root-access-operator/files/iam/"
                            + file
                            + " differs from deploy/iam/"
                            + file
                            + ": copy it over");
        }
    }

    private static JsonNode readJson(Path path) {
        try {
            return new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void trustPolicyExamplesNameTheChartsServiceAccount() {
        JsonNode irsa = policy("trust-policy-irsa.json");
        assertEquals("sts:AssumeRoleWithWebIdentity", irsa.at("/Statement/0/Action").asText());
        String sub =
                irsa.at("/Statement/0/Condition/StringEquals").fields().next().getValue().asText();
        assertEquals("system:serviceaccount:root-access-system:root-access-operator", sub);
        JsonNode podIdentity = policy("trust-policy-pod-identity.json");
        assertEquals(
                "pods.eks.amazonaws.com",
                podIdentity.at("/Statement/0/Principal/Service").asText());
        assertEquals(
                Set.of("sts:AssumeRole", "sts:TagSession"),
                strings(podIdentity.at("/Statement/0/Action")));
    }

    private static JsonNode policy(String name) {
        try {
            JsonNode doc = new ObjectMapper().readTree(IAM.resolve(name).toFile());
            assertEquals("2012-10-17", doc.path("Version").asText(), name);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> allowedActions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            for (String action : strings(statement.path("Action"))) {
                assertFalse(action.contains("*"), "no wildcard actions: " + action);
                assertTrue(actions.add(action), action + " is granted twice");
            }
        }
        return actions;
    }

    private static JsonNode assumeRootStatement(JsonNode policy) {
        List<JsonNode> found = new ArrayList<>();
        policy.path("Statement")
                .forEach(
                        s -> {
                            if (strings(s.path("Action")).contains("sts:AssumeRoot")) {
                                found.add(s);
                            }
                        });
        assertEquals(1, found.size(), "one statement grants sts:AssumeRoot");
        assertEquals(
                Set.of("sts:AssumeRoot"),
                strings(found.get(0).path("Action")),
                "AssumeRoot has a statement of its own");
        return found.get(0);
    }

    private static Set<String> taskPolicyArns(JsonNode statement) {
        JsonNode arns = statement.at("/Condition/StringEquals/sts:TaskPolicyArn");
        assertFalse(
                arns.isMissingNode(),
                "sts:AssumeRoot is limited with the condition key sts:TaskPolicyArn");
        return strings(arns);
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> values = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}

package io.rootaccess.operator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.task.TaskHandler;
import io.rootaccess.operator.task.TaskHandlers;
import io.rootaccess.sandbox.RootTaskPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's TaskPolicy and the sandbox's own table of root task policies name the same five
 * policies, and every action the operator performs inside a session of a policy is one the sandbox
 * allows there.
 */
class TaskPolicyAgreementTest {
    /**
     * What the operator does in each session (aws SdkRootCredentials, SdkPrivilegedTasks and their
     * callers).
     */
    static final Map<TaskPolicy, Set<String>> OPERATOR_ACTIONS =
            new EnumMap<>(
                    Map.of(
                            TaskPolicy.AUDIT,
                                    Set.of(
                                            "iam:GetAccountSummary",
                                            "iam:GetLoginProfile",
                                            "iam:GetUser",
                                            "iam:ListAccessKeys",
                                            "iam:GetAccessKeyLastUsed",
                                            "iam:ListSigningCertificates",
                                            "iam:ListMFADevices"),
                            TaskPolicy.DELETE,
                                    Set.of(
                                            "iam:GetLoginProfile",
                                            "iam:ListAccessKeys",
                                            "iam:GetAccessKeyLastUsed",
                                            "iam:ListSigningCertificates",
                                            "iam:ListMFADevices",
                                            "iam:DeleteLoginProfile",
                                            "iam:DeleteAccessKey",
                                            "iam:DeleteSigningCertificate",
                                            "iam:DeactivateMFADevice"),
                            TaskPolicy.CREATE_PASSWORD,
                                    Set.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
                            TaskPolicy.S3_UNLOCK,
                                    Set.of("s3:GetBucketPolicy", "s3:DeleteBucketPolicy"),
                            TaskPolicy.SQS_UNLOCK,
                                    Set.of(
                                            "sqs:GetQueueUrl",
                                            "sqs:GetQueueAttributes",
                                            "sqs:SetQueueAttributes")));

    @Test
    void bothNameTheSameFivePolicies() {
        Set<String> operator =
                Stream.of(TaskPolicy.values())
                        .map(TaskPolicy::arn)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> sandbox =
                Stream.of(RootTaskPolicy.values())
                        .map(RootTaskPolicy::arn)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(sandbox, operator);
        assertEquals(5, sandbox.size());
        for (TaskPolicy p : TaskPolicy.values()) {
            assertEquals(p.policyName(), RootTaskPolicy.byArn(p.arn()).orElseThrow().policyName());
        }
    }

    @Test
    void everyActionTheOperatorPerformsInASessionIsAllowedThere() {
        List<String> refused = new ArrayList<>();
        for (TaskPolicy p : TaskPolicy.values()) {
            RootTaskPolicy sandbox = RootTaskPolicy.byArn(p.arn()).orElseThrow();
            for (String action : OPERATOR_ACTIONS.getOrDefault(p, Set.of())) {
                if (!sandbox.allows(action)) {
                    refused.add(p + ": " + action);
                }
            }
        }
        assertEquals(List.of(), refused);
        // the table above is not vacuous: the delete session really cannot read the account summary
        assertTrue(
                !RootTaskPolicy.byArn(TaskPolicy.DELETE.arn())
                        .orElseThrow()
                        .allows("iam:GetAccountSummary"));
    }

    /**
     * Every task type's mutating call is one the sandbox allows in that type's session: a new type
     * fails here until the sandbox's own table (RootTaskPolicy) knows its task policy and action.
     */
    @Test
    void everyTaskTypesMutatingCallIsAllowedInItsSessionByTheSandbox() {
        List<String> refused = new ArrayList<>();
        for (TaskType type : TaskType.values()) {
            TaskHandler handler = TaskHandlers.of(type);
            String action = handler.mutatingAction();
            Optional<RootTaskPolicy> sandbox = RootTaskPolicy.byArn(handler.taskPolicy().arn());
            if (sandbox.isEmpty() || !sandbox.get().allows(action)) {
                refused.add(type + ": " + action + " in " + handler.taskPolicy());
            }
            if (!OPERATOR_ACTIONS.getOrDefault(handler.taskPolicy(), Set.of()).contains(action)) {
                refused.add(type + ": " + action + " is not in OPERATOR_ACTIONS");
            }
        }
        assertEquals(List.of(), refused);
    }

    /**
     * If the operator starts another in-session action, the table above must say in which session.
     */
    @Test
    void theTableCoversEveryInSessionActionInTheOperatorSources() throws IOException {
        Path aws = Path.of("src/operator/src/main/java/io/rootaccess/operator/aws");
        Pattern inSession =
                Pattern.compile(
                        "\\bin\\.(?:call|delete)\\(\\s*\\w+\\s*,\\s*[\\w.]+\\s*,\\s*\"([a-z0-9]+:\\w+)\"");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(aws)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = inSession.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        assertTrue(
                found.size() >= 15,
                "the scan found only " + found + ": has InSession changed shape?");
        Set<String> tabled =
                OPERATOR_ACTIONS.values().stream()
                        .flatMap(Set::stream)
                        .collect(Collectors.toCollection(TreeSet::new));
        found.removeAll(tabled);
        assertEquals(Set.of(), found, "in-session actions the table does not place in a session");
    }
}

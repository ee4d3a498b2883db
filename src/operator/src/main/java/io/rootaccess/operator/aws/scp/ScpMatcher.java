package io.rootaccess.operator.aws.scp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether an SCP document denies an action to a root session (principal
 * arn:aws:iam::ACCOUNT:root, aws:AssumedRoot=true). Understands what deny-root SCPs use: Effect
 * Deny, Action/NotAction with wildcards, aws:PrincipalArn and aws:PrincipalAccount conditions
 * (ArnLike, StringLike, ArnEquals, StringEquals and their Not forms), aws:AssumedRoot (Null, Bool,
 * StringEquals/StringNotEquals), and Resource/NotResource when the resource is known. Conditions it
 * cannot evaluate (aws:PrincipalOrgID, request tags, ...) and a resource it does not know count as
 * matching: for explaining a denial, naming a likely SCP beats naming none.
 */
public final class ScpMatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A Deny statement of the document that applies; {@code sid} may be null, {@code index} is its
     * position in the Statement list (0 first).
     */
    public record Match(String sid, int index) {
        /** How a person finds the statement to change: its Sid, else its position (1 first). */
        public String statement() {
            return sid != null
                    ? "statement " + sid
                    : "statement number " + (index + 1) + " (no Sid)";
        }
    }

    private ScpMatcher() {}

    public static Optional<Match> denies(String document, String accountId, String action) {
        return denies(document, accountId, action, null);
    }

    /**
     * As {@link #denies(String, String, String)}, for a call on {@code resourceArn} (null: not
     * known).
     */
    public static Optional<Match> denies(
            String document, String accountId, String action, String resourceArn) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (root == null) {
            return Optional.empty();
        }
        String principalArn = "arn:aws:iam::" + accountId + ":root";
        List<JsonNode> statements = list(root.get("Statement"));
        for (int index = 0; index < statements.size(); index++) {
            JsonNode statement = statements.get(index);
            if (!"Deny".equalsIgnoreCase(text(statement.get("Effect")))) {
                continue;
            }
            boolean actionMatches;
            if (statement.has("Action")) {
                actionMatches = anyMatches(statement.get("Action"), action);
            } else if (statement.has("NotAction")) {
                actionMatches = !anyMatches(statement.get("NotAction"), action);
            } else {
                actionMatches = false;
            }
            if (actionMatches
                    && resourceMatches(statement, resourceArn)
                    && conditionsHold(statement.get("Condition"), principalArn, accountId)) {
                return Optional.of(new Match(text(statement.get("Sid")), index));
            }
        }
        return Optional.empty();
    }

    /**
     * Resource/NotResource against the call's resource; an unknown resource may be any, so it
     * matches.
     */
    private static boolean resourceMatches(JsonNode statement, String resourceArn) {
        if (resourceArn == null) {
            return true;
        }
        if (statement.has("Resource")) {
            return values(statement.get("Resource")).stream()
                    .anyMatch(p -> matchesPattern(p, resourceArn, true));
        }
        if (statement.has("NotResource")) {
            return values(statement.get("NotResource")).stream()
                    .noneMatch(p -> matchesPattern(p, resourceArn, true));
        }
        return true;
    }

    private static boolean conditionsHold(
            JsonNode condition, String principalArn, String accountId) {
        if (condition == null || !condition.isObject()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            var operator = operators.next();
            String op = operator.getKey().toLowerCase(Locale.ROOT);
            Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            while (keys.hasNext()) {
                var entry = keys.next();
                if (!holds(
                        op,
                        entry.getKey().toLowerCase(Locale.ROOT),
                        values(entry.getValue()),
                        principalArn,
                        accountId)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One condition key for a root session; unknown operators or keys are assumed to hold. */
    private static boolean holds(
            String op, String key, List<String> values, String principalArn, String accountId) {
        if (key.equals("aws:assumedroot")) {
            if (op.equals("null")) {
                // "Null": true means "only when the key is absent": a root session has it, so the
                // statement is skipped.
                return values.stream().noneMatch(v -> v.equalsIgnoreCase("true"));
            }
            // A root session carries aws:AssumedRoot = "true".
            if (op.startsWith("bool") || op.startsWith("stringequals")) {
                return values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            }
            if (op.startsWith("stringnotequals")) {
                return values.stream().noneMatch(v -> v.equalsIgnoreCase("true"));
            }
            return true;
        }
        if (key.equals("aws:principalaccount")) {
            boolean like = op.startsWith("stringlike");
            if (like || op.startsWith("stringequals")) {
                return values.stream().anyMatch(v -> matchesPattern(v, accountId, like));
            }
            boolean notLike = op.startsWith("stringnotlike");
            if (notLike || op.startsWith("stringnotequals")) {
                return values.stream().noneMatch(v -> matchesPattern(v, accountId, notLike));
            }
            return true;
        }
        if (key.equals("aws:principalarn")) {
            boolean like = op.startsWith("arnlike") || op.startsWith("stringlike");
            boolean equals = op.startsWith("arnequals") || op.startsWith("stringequals");
            boolean notLike = op.startsWith("arnnotlike") || op.startsWith("stringnotlike");
            boolean notEquals = op.startsWith("arnnotequals") || op.startsWith("stringnotequals");
            if (like || equals) {
                return values.stream()
                        .anyMatch(
                                v ->
                                        matchesPattern(
                                                v,
                                                principalArn,
                                                like || op.startsWith("arnequals")));
            }
            if (notLike || notEquals) {
                return values.stream()
                        .noneMatch(
                                v ->
                                        matchesPattern(
                                                v,
                                                principalArn,
                                                notLike || op.startsWith("arnnotequals")));
            }
        }
        return true;
    }

    private static boolean anyMatches(JsonNode patterns, String action) {
        return values(patterns).stream().anyMatch(p -> matchesPattern(p, action, true));
    }

    /** IAM wildcards: * any run, ? one character; actions are case-insensitive. */
    static boolean matchesPattern(String pattern, String value, boolean wildcards) {
        if (!wildcards) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                .matcher(value)
                .matches();
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static List<String> values(JsonNode node) {
        return list(node).stream().map(ScpMatcher::text).filter(v -> v != null).toList();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}

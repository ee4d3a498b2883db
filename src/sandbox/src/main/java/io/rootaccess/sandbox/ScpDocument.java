package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed service control policy. Only explicit {@code Deny} statements are evaluated (the sandbox
 * treats FullAWSAccess as always attached): {@code Action}/{@code NotAction} with wildcards, {@code
 * Resource}/{@code NotResource}, and the condition operators String(Not)Equals, String(Not)Like,
 * Arn(Not)Equals, Arn(Not)Like (each also ...IfExists, ForAnyValue: or ForAllValues:), Bool and
 * Null.
 */
final class ScpDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Statement(
            String sid,
            boolean deny,
            List<String> actions,
            boolean notAction,
            List<String> resources,
            boolean notResource,
            JsonNode condition) {}

    private final List<Statement> statements;

    private ScpDocument(List<Statement> statements) {
        this.statements = statements;
    }

    static ScpDocument parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Statement> list = new ArrayList<>();
            JsonNode st = root.get("Statement");
            if (st == null) {
                throw new IllegalArgumentException("policy has no Statement");
            }
            for (JsonNode s : st.isArray() ? st : List.of(st)) {
                boolean notAction = s.has("NotAction");
                boolean notResource = s.has("NotResource");
                list.add(
                        new Statement(
                                s.path("Sid").asText(""),
                                "Deny".equals(s.path("Effect").asText()),
                                strings(s.get(notAction ? "NotAction" : "Action")),
                                notAction,
                                s.has("Resource") || notResource
                                        ? strings(s.get(notResource ? "NotResource" : "Resource"))
                                        : List.of("*"),
                                notResource,
                                s.get("Condition")));
            }
            return new ScpDocument(Collections.unmodifiableList(list));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed policy document: " + e.getMessage(), e);
        }
    }

    /**
     * True when a Deny statement applies to this action on this resource for this request context.
     */
    boolean denies(String action, String resource, Map<String, String> context) {
        for (Statement s : statements) {
            if (!s.deny) {
                continue;
            }
            boolean actionMatches = anyMatch(s.actions, action, true);
            if (actionMatches == s.notAction) {
                continue;
            }
            boolean resourceMatches = anyMatch(s.resources, resource, false);
            if (resourceMatches == s.notResource) {
                continue;
            }
            if (conditionHolds(s.condition, context)) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionHolds(JsonNode condition, Map<String, String> context) {
        if (condition == null || condition.isNull()) {
            return true;
        }
        var ops = condition.fields();
        while (ops.hasNext()) {
            var op = ops.next();
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                String actual = lookup(context, key.getKey());
                if (!operatorHolds(op.getKey(), actual, strings(key.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String lookup(Map<String, String> context, String key) {
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean operatorHolds(String operator, String actual, List<String> expected) {
        String op = operator;
        // Set qualifiers over the single-valued keys the sandbox knows: an absent key is an empty
        // set, for which
        // ForAnyValue is false and ForAllValues vacuously true; a present key is a one-value set.
        if (op.regionMatches(true, 0, "ForAnyValue:", 0, 12)) {
            return actual != null && operatorHolds(op.substring(12), actual, expected);
        }
        if (op.regionMatches(true, 0, "ForAllValues:", 0, 13)) {
            return actual == null || operatorHolds(op.substring(13), actual, expected);
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (op.equals("Null")) {
            // "Null": {"key": "true"} holds when the key is absent.
            boolean absent = actual == null;
            return expected.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        boolean negated = op.contains("Not");
        if (actual == null) {
            // Missing key: positive operators fail, negated ones hold; ...IfExists holds either
            // way.
            return ifExists || negated;
        }
        boolean matched =
                switch (op.replace("Not", "")) {
                    case "StringEquals", "ArnEquals" -> expected.contains(actual);
                    case "StringEqualsIgnoreCase" ->
                            expected.stream().anyMatch(actual::equalsIgnoreCase);
                    case "StringLike", "ArnLike" ->
                            expected.stream().anyMatch(p -> wildcard(p, actual, false));
                    case "Bool" -> expected.stream().anyMatch(v -> v.equalsIgnoreCase(actual));
                    default ->
                            throw new IllegalArgumentException(
                                    "condition operator not supported by the sandbox: " + operator);
                };
        return matched != negated;
    }

    private static boolean anyMatch(List<String> patterns, String value, boolean ignoreCase) {
        for (String p : patterns) {
            if (wildcard(p, value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        if (pattern.equals("*")) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        return p.matcher(ignoreCase ? value.toLowerCase(Locale.ROOT) : value).matches();
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}

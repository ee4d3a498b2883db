package io.rootaccess.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a Kubernetes API server checks against a committed CRD's openAPIV3Schema when a manifest is
 * created or updated: types, enums, required fields, patterns, lengths, item counts, bounds,
 * unknown fields (as kubectl's strict field validation reports them) and the
 * x-kubernetes-validations CEL rules, compiled and evaluated with CEL-Java (the rules use only
 * standard CEL, which Kubernetes' cel-go also has). No API server runs on these machines; K3sCrdsIT
 * checks the same against a real one where Docker is available.
 *
 * <p>Shared from the operator's test jar (never its runtime jar): the operator's CRD tests, and the
 * lab (src/tools), whose demo checks DEMO_MANIFESTS and whose embedded API server refuses invalid
 * creates and updates with it. Errors read as the API server's: {@code field: message}.
 */
public final class CrdValidator {
    private static final CelCompiler COMPILER =
            CelCompilerFactory.standardCelCompilerBuilder()
                    .setStandardMacros(
                            CelStandardMacro
                                    .STANDARD_MACROS) // has, all, exists, exists_one, map, filter
                    .addVar("self", SimpleType.DYN)
                    .addVar("oldSelf", SimpleType.DYN)
                    .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /**
     * Compiled rules by expression: the embedded API server validates every create, and compiling
     * costs far more than evaluating.
     */
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private static final java.util.Set<String> ROOT_FIELDS_NOT_IN_SCHEMA =
            java.util.Set.of("apiVersion", "kind", "metadata", "status");

    private CrdValidator() {}

    private static CelRuntime.Program program(String expression) throws CelEvaluationException {
        CelRuntime.Program program = PROGRAMS.get(expression);
        if (program == null) {
            program = RUNTIME.createProgram(compile(expression));
            PROGRAMS.put(expression, program);
        }
        return program;
    }

    /**
     * The errors for a whole object against its CRD's openAPIV3Schema (empty when the API server
     * would accept it). apiVersion, kind and metadata are the API server's own business (the
     * generated schema does not list them), and status is not written with the object (a status
     * subresource), so they are left out.
     *
     * @param old the stored object on an update (transition rules are evaluated only then), or null
     */
    public static List<String> validateObject(
            JsonNode openApiV3Schema, JsonNode object, JsonNode old) {
        List<String> errors = new ArrayList<>();
        if (!object.isObject()) {
            errors.add("<root>: Invalid value: must be of type object");
            return errors;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (ROOT_FIELDS_NOT_IN_SCHEMA.contains(name)) {
                continue;
            }
            JsonNode fieldSchema = openApiV3Schema.path("properties").path(name);
            if (fieldSchema.isMissingNode()) {
                errors.add(name + ": unknown field");
            } else {
                validate(
                        name,
                        fieldSchema,
                        field.getValue(),
                        old == null ? null : old.get(name),
                        errors);
            }
        }
        return errors;
    }

    /**
     * The errors for one value at {@code path} (e.g. "spec") against its schema.
     *
     * @param old the stored value on an update (transition rules are evaluated only then), or null
     */
    public static List<String> validate(
            String path, JsonNode schema, JsonNode value, JsonNode old) {
        List<String> errors = new ArrayList<>();
        validate(path, schema, value, old, errors);
        return errors;
    }

    /**
     * The API server's message for a refused object: {@code Kind.group "name" is invalid: error,
     * error}.
     */
    public static String invalidMessage(
            String kind, String group, String name, List<String> errors) {
        return kind + "." + group + " \"" + name + "\" is invalid: " + String.join(", ", errors);
    }

    /** The field an error names (the text before its first ": "). */
    public static String field(String error) {
        int colon = error.indexOf(": ");
        return colon < 0 ? "" : error.substring(0, colon);
    }

    /**
     * Compiles a rule as the API server does when the CRD is created; throws on a syntax or type
     * error.
     */
    public static CelAbstractSyntaxTree compile(String rule) {
        try {
            return COMPILER.compile(rule).getAst();
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(
                    "CEL rule does not compile: " + rule + ": " + e.getMessage(), e);
        }
    }

    private static void validate(
            String path, JsonNode schema, JsonNode value, JsonNode old, List<String> errors) {
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(wrongType(path, value, "object"));
                    return;
                }
                schema.path("required")
                        .forEach(
                                r -> {
                                    if (!value.has(r.asText())) {
                                        errors.add(path + "." + r.asText() + ": Required value");
                                    }
                                });
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode fieldSchema = schema.path("properties").path(field.getKey());
                    if (fieldSchema.isMissingNode()) {
                        errors.add(path + "." + field.getKey() + ": unknown field");
                    } else {
                        validate(
                                path + "." + field.getKey(),
                                fieldSchema,
                                field.getValue(),
                                old == null ? null : old.get(field.getKey()),
                                errors);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(wrongType(path, value, "array"));
                    return;
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    errors.add(
                            path
                                    + ": Too many: "
                                    + value.size()
                                    + ": must have at most "
                                    + schema.get("maxItems")
                                    + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(
                            path + "[" + i + "]", schema.path("items"), value.get(i), null, errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(wrongType(path, value, "string"));
                    return;
                }
                String s = value.asText();
                int length = s.codePointCount(0, s.length());
                if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                    errors.add(
                            path + ": Too long: may not be longer than " + schema.get("maxLength"));
                }
                if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                    errors.add(
                            path
                                    + ": Too short: should be at least "
                                    + schema.get("minLength")
                                    + " chars long");
                }
                if (schema.has("pattern")
                        && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                    errors.add(path + ": should match '" + schema.get("pattern").asText() + "'");
                }
                if (schema.has("enum")) {
                    boolean known = false;
                    for (JsonNode e : schema.get("enum")) {
                        known |= e.asText().equals(s);
                    }
                    if (!known) {
                        errors.add(path + ": Unsupported value: \"" + s + "\"");
                    }
                }
            }
            case "integer", "number" -> {
                if (!value.isNumber() || (type.equals("integer") && !value.canConvertToLong())) {
                    errors.add(wrongType(path, value, type));
                    return;
                }
                if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                    errors.add(
                            path + ": should be greater than or equal to " + schema.get("minimum"));
                }
                if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                    errors.add(path + ": should be less than or equal to " + schema.get("maximum"));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(wrongType(path, value, "boolean"));
                }
            }
            default -> {}
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            boolean transition = expression.contains("oldSelf");
            if (transition && old == null) {
                continue; // transition rules apply to updates only
            }
            Map<String, Object> vars = new HashMap<>();
            vars.put("self", toCel(value));
            if (transition) {
                vars.put("oldSelf", toCel(old));
            }
            try {
                Object result = program(expression).eval(vars);
                if (!Boolean.TRUE.equals(result)) {
                    errors.add(
                            path + ": Invalid value: " + rule.path("message").asText(expression));
                }
            } catch (CelEvaluationException e) {
                errors.add(
                        path + ": rule " + expression + " failed to evaluate: " + e.getMessage());
            }
        }
    }

    /**
     * As the API server says it: {@code spec.x[0]: Invalid value: "string": spec.x[0] in body must
     * be of type object: "string"}.
     */
    private static String wrongType(String path, JsonNode value, String type) {
        String actual =
                value.isObject()
                        ? "object"
                        : value.isArray()
                                ? "array"
                                : value.isTextual()
                                        ? "string"
                                        : value.isBoolean()
                                                ? "boolean"
                                                : value.isIntegralNumber()
                                                        ? "integer"
                                                        : value.isNumber() ? "number" : "null";
        return path
                + ": Invalid value: \""
                + actual
                + "\": "
                + path
                + " in body must be of type "
                + type
                + ": \""
                + actual
                + "\"";
    }

    /** JSON to the values CEL sees: maps, lists, strings, int64, double, bool. */
    static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(toCel(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}

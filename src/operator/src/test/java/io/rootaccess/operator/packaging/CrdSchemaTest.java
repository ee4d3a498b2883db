package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs explain themselves ({@code kubectl explain} answers for every field), share
 * the {@code rootaccess} category, and carry the validation a real API server enforces before the
 * operator sees a manifest: patterns (checked here against tables of good and bad values, compiled
 * from the committed YAML), sizes, bounds and CEL rules.
 */
class CrdSchemaTest {

    static Stream<String> plurals() {
        return Repo.CRD_PLURALS.stream();
    }

    @ParameterizedTest
    @MethodSource("plurals")
    void everyKindSpecAndStatusFieldHasADescription(String plural) {
        JsonNode schema = schema(plural);
        List<String> missing = new ArrayList<>();
        if (blank(schema.path("description"))) {
            missing.add("(the kind)");
        }
        for (String top : List.of("spec", "status")) {
            JsonNode node = schema.at("/properties/" + top);
            assertTrue(node.isObject(), plural + " has no " + top);
            walk(top, node, missing);
        }
        assertEquals(
                List.of(),
                missing,
                plural + ": fields without a description (kubectl explain would be empty)");
    }

    /**
     * The walk itself must see nested objects, array items' fields and conditions, or the test
     * above proves little.
     */
    @Test
    void theDescriptionWalkReachesNestedObjectsAndArrayItems() {
        List<String> seen = new ArrayList<>();
        collectPaths("spec", schema("rootaccesspolicies").at("/properties/spec"), seen);
        collectPaths("status", schema("rootaccesspolicies").at("/properties/status"), seen);
        collectPaths("status", schema("memberaccountrootstates").at("/properties/status"), seen);
        assertTrue(
                seen.containsAll(
                        List.of(
                                "spec.targets.organizationalUnits[].id",
                                "spec.organization.delegatedAdministrator.state",
                                "status.conditions[].reason",
                                "status.attention[].accountId",
                                "status.credentials.accessKeys[].lastUsedService")),
                seen.toString());

        List<String> missing = new ArrayList<>();
        JsonNode copy = schema("privilegedroottasks").at("/properties/spec").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.at("/properties/queue"))
                .remove("description");
        walk("spec", copy, missing);
        assertEquals(List.of("spec.queue"), missing);
    }

    /**
     * Conditions as the Kubernetes API conventions describe them (metav1.Condition): a list-map
     * keyed by type (server-side apply merges by type, a duplicate type is refused), type required
     * (a list-map key must be), lastTransitionTime a date-time.
     */
    @ParameterizedTest
    @MethodSource("plurals")
    void conditionsAreAListMapKeyedByTypeWithADateTimeTransition(String plural) {
        JsonNode conditions = schema(plural).at("/properties/status/properties/conditions");
        assertEquals("array", conditions.path("type").asText(), plural);
        assertEquals("map", conditions.path("x-kubernetes-list-type").asText(), plural);
        assertEquals(List.of("type"), texts(conditions.path("x-kubernetes-list-map-keys")), plural);
        assertTrue(texts(conditions.at("/items/required")).contains("type"), plural);
        assertEquals(
                "date-time",
                conditions.at("/items/properties/lastTransitionTime/format").asText(),
                plural);
    }

    /** Every timestamp (a string described as RFC 3339) is typed as a date-time. */
    @ParameterizedTest
    @MethodSource("plurals")
    void everyTimestampIsADateTime(String plural) {
        List<String> timestamps = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        for (String top : List.of("spec", "status")) {
            timestamps(top, schema(plural).at("/properties/" + top), timestamps, untyped);
        }
        assertFalse(timestamps.isEmpty(), plural + ": no timestamp found (the walk sees none)");
        assertEquals(List.of(), untyped, plural + ": RFC 3339 strings without format: date-time");
    }

    @Test
    void theTimestampsOfEachKindAreFound() {
        Map<String, List<String>> expected =
                Map.of(
                        "rootaccesspolicies",
                        List.of(
                                "status.conditions[].lastTransitionTime",
                                "status.lastOrganizationRead"),
                        "memberaccountrootstates",
                        List.of(
                                "status.lastAuditTime",
                                "status.nextAuditTime",
                                "status.scheduledAt",
                                "status.holdUntil",
                                "status.lastActions[].time",
                                "status.credentials.passwordLastUsed",
                                "status.credentials.accessKeys[].lastUsedDate"),
                        "privilegedroottasks",
                        List.of("status.startTime", "status.completionTime", "status.holdUntil"));
        expected.forEach(
                (plural, paths) -> {
                    List<String> timestamps = new ArrayList<>();
                    timestamps(
                            "status",
                            schema(plural).at("/properties/status"),
                            timestamps,
                            new ArrayList<>());
                    assertTrue(timestamps.containsAll(paths), plural + ": " + timestamps);
                });
    }

    private static void timestamps(
            String path, JsonNode node, List<String> timestamps, List<String> untyped) {
        if (node.path("type").asText().equals("string")
                && node.path("description").asText().contains("(RFC 3339)")) {
            timestamps.add(path);
            if (!node.path("format").asText().equals("date-time")) {
                untyped.add(path);
            }
        }
        children(
                path,
                node,
                (childPath, child) -> timestamps(childPath, child, timestamps, untyped));
    }

    @ParameterizedTest
    @MethodSource("plurals")
    void kubectlGetSaysWhyEveryKindIsNotReadyAndWideSaysTheMessage(String plural) {
        java.util.Map<String, JsonNode> columns = new java.util.LinkedHashMap<>();
        crd(plural)
                .at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> columns.put(c.path("name").asText(), c));
        assertEquals(
                ".status.conditions[?(@.type==\"Ready\")].status",
                columns.getOrDefault("Ready", Repo.YAML.createObjectNode())
                        .path("jsonPath")
                        .asText(),
                plural + ": a Ready column");
        JsonNode reason = columns.get("Reason");
        assertTrue(reason != null, plural + ": a Reason column");
        assertEquals(
                ".status.conditions[?(@.type==\"Ready\")].reason",
                reason.path("jsonPath").asText());
        assertEquals(0, reason.path("priority").asInt(0), plural + ": Reason in the default view");
        JsonNode message = columns.get("Message");
        assertTrue(message != null, plural + ": a Message column");
        assertEquals(
                ".status.conditions[?(@.type==\"Ready\")].message",
                message.path("jsonPath").asText());
        assertEquals(1, message.path("priority").asInt(), plural + ": Message only with -o wide");
        columns.forEach(
                (name, column) -> {
                    String path = column.path("jsonPath").asText();
                    if (path.endsWith("At")
                            || path.endsWith("Time")
                            || path.endsWith("Timestamp")) {
                        assertEquals("date", column.path("type").asText(), plural + " " + name);
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("plurals")
    void everyKindIsInTheRootaccessCategory(String plural) {
        JsonNode categories = crd(plural).at("/spec/names/categories");
        assertTrue(categories.isArray(), plural + " has no categories");
        List<String> values = new ArrayList<>();
        categories.forEach(c -> values.add(c.asText()));
        assertEquals(List.of("rootaccess"), values, plural + ": `kubectl get rootaccess` lists it");
    }

    @Test
    void idPatternsAndListBoundsArePresent() {
        JsonNode policy = schema("rootaccesspolicies").at("/properties/spec/properties");
        assertEquals(
                ACCOUNT_ID, policy.at("/targets/properties/accountIds/items/pattern").asText());
        assertEquals(1000, policy.at("/targets/properties/accountIds/maxItems").asInt());
        assertEquals(
                ACCOUNT_ID, policy.at("/exclude/properties/accountIds/items/pattern").asText());
        assertEquals(1000, policy.at("/exclude/properties/accountIds/maxItems").asInt());
        assertEquals(250, policy.at("/exclude/properties/organizationalUnits/maxItems").asInt());
        assertEquals(250, policy.at("/targets/properties/organizationalUnits/maxItems").asInt());
        assertEquals(50, policy.at("/targets/properties/tags/maxItems").asInt());
        assertEquals(
                128, policy.at("/targets/properties/tags/items/properties/key/maxLength").asInt());
        assertEquals(
                1, policy.at("/targets/properties/tags/items/properties/key/minLength").asInt());
        assertEquals(
                256,
                policy.at("/targets/properties/tags/items/properties/value/maxLength").asInt());
        assertEquals(
                ACCOUNT_ID,
                policy.at(
                                "/organization/properties/delegatedAdministrator/properties/accountId/pattern")
                        .asText());
        assertEquals(1, policy.at("/rollout/properties/maxInFlight/minimum").asInt());
        assertEquals(1000, policy.at("/rollout/properties/maxInFlight/maximum").asInt());
        assertEquals(-1000, policy.at("/priority/minimum").asInt());
        assertEquals(1000, policy.at("/priority/maximum").asInt());
        assertEquals(4, policy.at("/rootCredentials/properties/credentialTypes/maxItems").asInt());
        assertEquals(
                List.of("AccessKeys", "MfaDevices", "Password", "SigningCertificates"),
                texts(policy.at("/rootCredentials/properties/credentialTypes/items/enum")));
        assertEquals(
                List.of("Absent", "Audit", "RecoveryAllowed"),
                texts(policy.at("/rootCredentials/properties/state/enum")));
        assertEquals(
                ACCOUNT_ID,
                schema("memberaccountrootstates")
                        .at("/properties/spec/properties/accountId/pattern")
                        .asText());
        assertEquals(
                ACCOUNT_ID,
                schema("privilegedroottasks")
                        .at("/properties/spec/properties/accountId/pattern")
                        .asText());
        JsonNode task = schema("privilegedroottasks").at("/properties/spec/properties");
        assertEquals(3, task.at("/bucketName/minLength").asInt());
        assertEquals(63, task.at("/bucketName/maxLength").asInt());
        assertEquals(
                List.of("AllowPasswordRecovery", "UnlockS3BucketPolicy", "UnlockSqsQueuePolicy"),
                texts(task.at("/type/enum")));
    }

    @Test
    void celRulesForCrossFieldConstraintsArePresent() {
        List<String> task = rules(schema("privilegedroottasks").at("/properties/spec"));
        assertTrue(
                task.contains("!has(self.bucketName) || self.type == 'UnlockS3BucketPolicy'"),
                task.toString());
        assertTrue(
                task.contains("!has(self.queue) || self.type == 'UnlockSqsQueuePolicy'"),
                task.toString());
        assertTrue(
                task.contains("!has(self.duration) || self.type == 'AllowPasswordRecovery'"),
                task.toString());
        assertTrue(
                task.contains("self.type != 'UnlockS3BucketPolicy' || has(self.bucketName)"),
                task.toString());
        assertTrue(
                task.contains("self.type != 'UnlockSqsQueuePolicy' || has(self.queue)"),
                task.toString());
        assertTrue(
                task.contains("self.type != 'AllowPasswordRecovery' || has(self.duration)"),
                task.toString());
        assertTrue(
                task.stream()
                        .anyMatch(
                                r -> r.contains("self.queue.contains('/' + self.accountId + '/')")),
                task.toString());

        List<String> bucket =
                rules(schema("privilegedroottasks").at("/properties/spec/properties/bucketName"));
        assertTrue(bucket.contains("!self.contains('..')"), bucket.toString());
        assertTrue(
                bucket.stream().anyMatch(r -> r.contains("startsWith('xn--')")), bucket.toString());
        assertTrue(
                bucket.stream().anyMatch(r -> r.contains("endsWith('-s3alias')")),
                bucket.toString());
        assertTrue(
                bucket.stream()
                        .anyMatch(
                                r ->
                                        r.contains(
                                                "self.matches('^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$')")),
                bucket.toString());
        assertEquals(
                List.of("self.matches('[1-9]')"),
                rules(schema("privilegedroottasks").at("/properties/spec/properties/duration")));

        List<String> policy = rules(schema("rootaccesspolicies").at("/properties/spec"));
        assertTrue(
                policy.stream()
                        .anyMatch(
                                r ->
                                        r.contains(
                                                "self.targets.accountIds.exists(a, a in self.exclude.accountIds)")),
                policy.toString());
        assertTrue(
                policy.stream()
                        .anyMatch(
                                r ->
                                        r.contains(
                                                "self.exclude.organizationalUnits.exists(e, e.id == t.id)")),
                policy.toString());
        for (String plural : List.of("rootaccesspolicies", "memberaccountrootstates")) {
            JsonNode credentials = schema(plural).at("/properties/spec/properties/rootCredentials");
            List<String> rc = rules(credentials);
            assertTrue(
                    rc.stream()
                            .anyMatch(
                                    r ->
                                            r.startsWith(
                                                    "self.state == 'Absent' || !has(self.protectKeysUsedWithin)")),
                    rc.toString());
            assertTrue(
                    rc.stream().anyMatch(r -> r.contains("!has(self.credentialTypes)")),
                    rc.toString());
            assertEquals(
                    List.of("self.all(t, self.exists_one(u, u == t))"),
                    rules(credentials.at("/properties/credentialTypes")));
            assertEquals(
                    List.of("self.matches('[1-9]')"),
                    rules(credentials.at("/properties/auditInterval")));
        }
        assertEquals(
                List.of("self == oldSelf"),
                rules(
                        schema("memberaccountrootstates")
                                .at("/properties/spec/properties/accountId")));
    }

    /**
     * Kubernetes estimates each CEL rule's cost from maxLength and maxItems and refuses a CRD whose
     * rules could cost too much; every string or list a rule reads is bounded.
     */
    @ParameterizedTest
    @MethodSource("plurals")
    void everyStringOrListACelRuleReadsIsBounded(String plural) {
        List<String> unbounded = new ArrayList<>();
        boundedWhereRulesRead("spec", schema(plural).at("/properties/spec"), unbounded);
        assertEquals(List.of(), unbounded, plural);
    }

    /**
     * The two rules that compare a targets list with an exclude list cost (outer items x inner
     * items x string comparison) in Kubernetes' CEL cost estimate; a CRD over 10,000,000 per rule
     * is refused at install. Half of that is the margin kept here (cel-go prices a string
     * comparison at about 1 + length / 10).
     */
    @Test
    void theNestedListRulesStayWellWithinKubernetesCostLimit() {
        JsonNode p = schema("rootaccesspolicies").at("/properties/spec/properties");
        long accounts =
                nestedCost(
                        p.at("/targets/properties/accountIds"),
                        p.at("/exclude/properties/accountIds"),
                        p.at("/exclude/properties/accountIds/items/maxLength"));
        long ous =
                nestedCost(
                        p.at("/targets/properties/organizationalUnits"),
                        p.at("/exclude/properties/organizationalUnits"),
                        p.at(
                                "/exclude/properties/organizationalUnits/items/properties/id/maxLength"));
        assertTrue(accounts > 0 && accounts <= 5_000_000, "account ids rule: " + accounts);
        assertTrue(ous > 0 && ous <= 5_000_000, "OUs rule: " + ous);
    }

    private static long nestedCost(JsonNode outer, JsonNode inner, JsonNode maxLength) {
        assertTrue(
                outer.has("maxItems") && inner.has("maxItems") && maxLength.isNumber(),
                "unbounded list or item");
        return outer.get("maxItems").asLong()
                * inner.get("maxItems").asLong()
                * (1 + (maxLength.asLong() + 9) / 10);
    }

    // ---- patterns against tables of values, compiled from the committed YAML ----

    static final String ACCOUNT_ID = "^[0-9]{12}$";

    static final Map<String, List<String>> GOOD =
            Map.of(
                    "accountId", List.of("111122223333", "000000000000", "999900000002"),
                    "ou",
                            List.of(
                                    "ou-demo-sandboxes",
                                    "ou-ab12-abcdefgh",
                                    "ou-a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6-12345678"),
                    "ouOrRoot",
                            List.of("ou-demo-sandboxes", "r-demo", "r-ab12", "ou-ab12-abcdefgh"),
                    "duration",
                            List.of(
                                    "30d",
                                    "4h",
                                    "90m",
                                    "45s",
                                    "1h30m",
                                    "0s",
                                    "1d2h3m4s",
                                    "999999d"),
                    "bucket",
                            List.of(
                                    "abc",
                                    "locked-bucket",
                                    "my.bucket.name",
                                    "0-9",
                                    "a".repeat(63),
                                    "logs-111122223333-us-east-1"),
                    "queue",
                            List.of(
                                    "q",
                                    "locked-queue",
                                    "orders_v2",
                                    "orders.fifo",
                                    "a".repeat(80),
                                    "b".repeat(75) + ".fifo",
                                    "https://sqs.us-east-1.amazonaws.com/111122223333/locked-queue",
                                    "https://sqs.eu-central-1.amazonaws.com/111122223333/orders.fifo",
                                    "https://sqs.us-gov-west-1.amazonaws.com/111122223333/q",
                                    "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q"));

    static final Map<String, List<String>> BAD =
            Map.of(
                    "accountId",
                            List.of(
                                    "",
                                    "1234",
                                    "11112222333",
                                    "1111222233334",
                                    "12345678901x",
                                    " 111122223333",
                                    "111122223333 "), // (no trailing "\n" case: Java's $ matches
                    // before it, RE2's and ECMA's do not)
                    "ou",
                            List.of(
                                    "r-abcd",
                                    "ou-abc-abcdefgh",
                                    "ou-abcd-abcdefg",
                                    "OU-abcd-abcdefgh",
                                    "ou-ABCD-abcdefgh",
                                    "ou-abcd_abcdefgh",
                                    "ou-abcd-abcdefgh-",
                                    "111122223333"),
                    "ouOrRoot",
                            List.of(
                                    "r-abc",
                                    "r-ABCD",
                                    "root",
                                    "ou-abc-abcdefgh",
                                    "r-abcd/ou-abcd-abcdefgh"),
                    "duration",
                            List.of(
                                    "",
                                    "1x",
                                    "1",
                                    "h",
                                    "-1h",
                                    "1.5h",
                                    "1H",
                                    "1h 30m",
                                    "200000000000000d",
                                    "1234567d",
                                    "1s1s1s1s1s",
                                    "P1D"),
                    "bucket",
                            List.of(
                                    "ab",
                                    "a1",
                                    "a".repeat(64),
                                    "Locked-Bucket",
                                    "-bucket",
                                    "bucket-",
                                    ".bucket",
                                    "bucket.",
                                    "my_bucket",
                                    "my bucket",
                                    "bücket"),
                    "queue",
                            List.of(
                                    "",
                                    "a".repeat(81),
                                    "b".repeat(76) + ".fifo",
                                    "my queue",
                                    "my.queue",
                                    "queue.FIFO",
                                    "http://sqs.us-east-1.amazonaws.com/111122223333/q",
                                    "https://sqs.us-east-1.amazonaws.com/11112222333/q",
                                    "https://sqs.us-east-1.amazonaws.com/111122223333/",
                                    "https://sqs.us-east-1.amazonaws.com/111122223333/q/extra",
                                    "https://evil.example.com/111122223333/q",
                                    "https://sqs.us-east-1.amazonaws.com.evil.example/111122223333/q",
                                    "https://127.0.0.1:4566/111122223333/q",
                                    "https://sqs.useast1.amazonaws.com/111122223333/q"));

    static Stream<String> patternNames() {
        return GOOD.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("patternNames")
    void committedPatternsAcceptTheGoodAndRefuseTheBad(String name) {
        Pattern pattern = Pattern.compile(committedPattern(name));
        for (String good : GOOD.get(name)) {
            assertTrue(
                    pattern.matcher(good).find(),
                    name + " pattern " + pattern + " refuses the valid " + good);
        }
        for (String bad : BAD.get(name)) {
            assertFalse(
                    pattern.matcher(bad).find(),
                    name + " pattern " + pattern + " accepts the invalid " + bad);
        }
    }

    /** Every field of one kind that holds the same kind of value carries the same pattern. */
    @Test
    void theSamePatternEverywhereForTheSameValue() {
        JsonNode policy = schema("rootaccesspolicies").at("/properties/spec/properties");
        JsonNode account = schema("memberaccountrootstates").at("/properties/spec/properties");
        assertEquals(
                committedPattern("ou"),
                policy.at("/exclude/properties/organizationalUnits/items/properties/id/pattern")
                        .asText());
        for (JsonNode rc :
                List.of(
                        policy.at("/rootCredentials/properties"),
                        account.at("/rootCredentials/properties"))) {
            assertEquals(committedPattern("duration"), rc.at("/auditInterval/pattern").asText());
            assertEquals(
                    committedPattern("duration"), rc.at("/protectKeysUsedWithin/pattern").asText());
        }
        assertEquals(committedPattern("accountId"), account.at("/accountId/pattern").asText());
    }

    /**
     * The patterns are anchored (OpenAPI patterns match anywhere unless anchored) and use no
     * look-around (RE2).
     */
    @Test
    void patternsAreAnchoredAndRe2Compatible() {
        for (String name : GOOD.keySet()) {
            String p = committedPattern(name);
            assertTrue(p.startsWith("^") && p.endsWith("$"), name + ": " + p);
            assertFalse(
                    p.contains("(?"),
                    name + " uses a group construct RE2 (Kubernetes) may not support: " + p);
            assertFalse(
                    p.contains("\\d") || p.contains("\\w"),
                    name + ": spell classes out for ECMA and RE2 alike: " + p);
        }
    }

    static String committedPattern(String name) {
        JsonNode policy = schema("rootaccesspolicies").at("/properties/spec/properties");
        JsonNode task = schema("privilegedroottasks").at("/properties/spec/properties");
        JsonNode node =
                switch (name) {
                    case "accountId" -> task.at("/accountId/pattern");
                    case "ou" ->
                            policy.at(
                                    "/exclude/properties/organizationalUnits/items/properties/id/pattern");
                    case "ouOrRoot" ->
                            policy.at(
                                    "/targets/properties/organizationalUnits/items/properties/id/pattern");
                    case "duration" -> task.at("/duration/pattern");
                    case "bucket" -> task.at("/bucketName/pattern");
                    case "queue" -> task.at("/queue/pattern");
                    default -> throw new IllegalArgumentException(name);
                };
        assertTrue(node.isTextual(), "no committed pattern for " + name);
        return node.asText();
    }

    // ---- helpers ----

    static JsonNode crd(String plural) {
        return Repo.yaml(Repo.read(Repo.CRDS.resolve(Repo.crdFileName(plural))));
    }

    static JsonNode schema(String plural) {
        return crd(plural).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    private static void walk(String path, JsonNode node, List<String> missing) {
        if (blank(node.path("description"))) {
            missing.add(path);
        }
        children(path, node, (childPath, child) -> walk(childPath, child, missing));
    }

    private static void collectPaths(String path, JsonNode node, List<String> seen) {
        seen.add(path);
        children(path, node, (childPath, child) -> collectPaths(childPath, child, seen));
    }

    /** The properties of an object, and the properties of an array's (or a map's) item objects. */
    private static void children(
            String path, JsonNode node, java.util.function.BiConsumer<String, JsonNode> visit) {
        node.path("properties")
                .fields()
                .forEachRemaining(e -> visit.accept(path + "." + e.getKey(), e.getValue()));
        JsonNode items = node.path("items");
        if (items.isObject()) {
            items.path("properties")
                    .fields()
                    .forEachRemaining(e -> visit.accept(path + "[]." + e.getKey(), e.getValue()));
            if (items.path("items").isObject()) {
                children(path + "[]", items, visit);
            }
        }
        JsonNode values = node.path("additionalProperties");
        if (values.isObject()) {
            values.path("properties")
                    .fields()
                    .forEachRemaining(e -> visit.accept(path + "{}." + e.getKey(), e.getValue()));
        }
    }

    private static void boundedWhereRulesRead(String path, JsonNode node, List<String> unbounded) {
        List<String> rules = rules(node);
        if (!rules.isEmpty()) {
            if (node.path("type").asText().equals("string")
                    && !node.has("maxLength")
                    && !node.has("enum")) {
                unbounded.add(path);
            }
            node.path("properties")
                    .fields()
                    .forEachRemaining(
                            e -> {
                                String name = e.getKey();
                                JsonNode field = e.getValue();
                                boolean read =
                                        rules.stream().anyMatch(r -> r.contains("self." + name));
                                String type = field.path("type").asText();
                                if (read
                                        && type.equals("string")
                                        && !field.has("maxLength")
                                        && !field.has("enum")) {
                                    unbounded.add(path + "." + name);
                                }
                                if (read && type.equals("array") && !field.has("maxItems")) {
                                    unbounded.add(path + "." + name);
                                }
                                if (read && type.equals("object")) {
                                    field.path("properties")
                                            .fields()
                                            .forEachRemaining(
                                                    n -> {
                                                        boolean nestedRead =
                                                                rules.stream()
                                                                        .anyMatch(
                                                                                r ->
                                                                                        r.contains(
                                                                                                "self."
                                                                                                        + name
                                                                                                        + "."
                                                                                                        + n
                                                                                                                .getKey()));
                                                        JsonNode nested = n.getValue();
                                                        if (nestedRead
                                                                && nested.path("type")
                                                                        .asText()
                                                                        .equals("array")
                                                                && !nested.has("maxItems")) {
                                                            unbounded.add(
                                                                    path
                                                                            + "."
                                                                            + name
                                                                            + "."
                                                                            + n.getKey());
                                                        }
                                                    });
                                }
                            });
        }
        node.path("properties")
                .fields()
                .forEachRemaining(
                        e ->
                                boundedWhereRulesRead(
                                        path + "." + e.getKey(), e.getValue(), unbounded));
        if (node.path("items").isObject()) {
            boundedWhereRulesRead(path + "[]", node.path("items"), unbounded);
        }
    }

    static List<String> rules(JsonNode node) {
        List<String> rules = new ArrayList<>();
        node.path("x-kubernetes-validations").forEach(v -> rules.add(v.path("rule").asText()));
        return rules;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static boolean blank(JsonNode description) {
        return !description.isTextual() || description.asText().isBlank();
    }
}

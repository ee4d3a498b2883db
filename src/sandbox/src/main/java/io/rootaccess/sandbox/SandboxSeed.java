package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Describes an organization in YAML (format in docs/sandbox.md, examples in examples/sandbox/) and
 * applies it to a sandbox; also generates large organizations with a mix of root credentials.
 */
public final class SandboxSeed {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS =
            Set.of(
                    "seed",
                    "organization",
                    "organizationalUnits",
                    "accounts",
                    "serviceControlPolicies",
                    "generate",
                    "realism");
    private static final Set<String> REALISM_KEYS =
            Set.of(
                    "latency",
                    "latencyJitter",
                    "throttle",
                    "errors5xx",
                    "timeouts",
                    "timeoutHold",
                    "faultSeed",
                    "rateLimits");
    private static final Set<String> ORG_KEYS =
            Set.of(
                    "managementAccount",
                    "featureSet",
                    "trustedAccessForIam",
                    "features",
                    "delegatedAdministrator");
    private static final Set<String> OU_KEYS =
            Set.of("name", "id", "organizationalUnits", "accounts");
    private static final Set<String> ACCOUNT_KEYS =
            Set.of("name", "id", "state", "tags", "root", "buckets", "queues");
    private static final Set<String> ROOT_KEYS =
            Set.of("password", "accessKeys", "signingCertificates", "mfaDevices");
    private static final Set<String> SCP_KEYS = Set.of("name", "document", "targets");

    private final JsonNode doc;

    private SandboxSeed(JsonNode doc) {
        this.doc = doc;
        allowed(doc, "", TOP_KEYS);
    }

    public static SandboxSeed parse(String yaml) {
        try {
            JsonNode n = YAML.readTree(yaml);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("sandbox seed: the document must be a mapping");
            }
            return new SandboxSeed(n);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "sandbox seed: not valid YAML: " + e.getMessage(), e);
        }
    }

    public static SandboxSeed load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** The id generator seed the file asks for, if any (use it in the {@link SandboxConfig}). */
    public Long seed() {
        return doc.has("seed") ? doc.get("seed").asLong() : null;
    }

    /** The management account's name, if the file names it. */
    public String managementAccountName() {
        return doc.path("organization").path("managementAccount").asText(null);
    }

    /**
     * A config built from the file's seed, management account name and {@code realism:} section
     * (latency, latencyJitter, throttle, errors5xx, timeouts, timeoutHold, faultSeed, rateLimits;
     * values as the SANDBOX_* variables take them, see docs/sandbox.md). Apply the environment
     * after this: it wins.
     */
    public SandboxConfig.Builder configure(SandboxConfig.Builder b) {
        if (seed() != null) {
            b.seed(seed());
        }
        if (managementAccountName() != null) {
            b.managementAccountName(managementAccountName());
        }
        JsonNode realism = doc.get("realism");
        if (realism != null && !realism.isNull()) {
            allowed(realism, "realism.", REALISM_KEYS);
            for (Iterator<Map.Entry<String, JsonNode>> it = realism.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!e.getKey().equals("rateLimits")) {
                    if (!v.isValueNode()) {
                        throw new IllegalArgumentException(
                                "sandbox seed: realism." + e.getKey() + " must be a single value");
                    }
                    b.realism(e.getKey(), v.asText());
                } else if (v.isObject()) {
                    // rateLimits: {"sts:AssumeRoot": 20, "iam:*": "100/200"}: overrides, limits on
                    b.rateLimits(true);
                    for (Iterator<Map.Entry<String, JsonNode>> l = v.fields(); l.hasNext(); ) {
                        Map.Entry<String, JsonNode> limit = l.next();
                        b.rateLimit(
                                "realism.rateLimits", limit.getKey(), limit.getValue().asText());
                    }
                } else if (v.isValueNode()) {
                    b.rateLimits(
                            "realism.rateLimits",
                            v.asText()); // true/false, or the SANDBOX_RATE_LIMITS list form
                } else {
                    throw new IllegalArgumentException(
                            "sandbox seed: realism.rateLimits must be true, false or a mapping");
                }
            }
        }
        return b;
    }

    /**
     * Creates the file's OUs, accounts, resources and SCPs, then sets the organization switches.
     */
    public void applyTo(Sandbox sb) {
        SandboxOrganization org = sb.organization();
        Map<String, String> targets = new HashMap<>();
        targets.put("Root", org.rootId());
        targets.put(org.managementAccountName(), org.managementAccountId());
        JsonNode o = doc.path("organization");
        allowed(o, "organization.", ORG_KEYS);
        for (JsonNode ou : list(doc, "organizationalUnits")) {
            createOu(org, org.rootId(), ou, targets, "organizationalUnits");
        }
        for (JsonNode a : list(doc, "accounts")) {
            createAccount(org, org.rootId(), a, targets, "accounts");
        }
        for (JsonNode scp : list(doc, "serviceControlPolicies")) {
            allowed(scp, "serviceControlPolicies[].", SCP_KEYS);
            String name = required(scp, "name", "serviceControlPolicies[]");
            JsonNode d = scp.get("document");
            if (d == null) {
                throw new IllegalArgumentException(
                        "sandbox seed: serviceControlPolicies[" + name + "].document is required");
            }
            String id =
                    org.createServiceControlPolicy(name, d.isTextual() ? d.asText() : d.toString());
            for (JsonNode t : list(scp, "targets")) {
                String target = targets.get(t.asText());
                if (target == null) {
                    throw new IllegalArgumentException(
                            "sandbox seed: SCP "
                                    + name
                                    + " targets unknown '"
                                    + t.asText()
                                    + "' (use Root, an OU name or an account name)");
                }
                org.attachPolicy(id, target);
            }
        }
        JsonNode gen = doc.get("generate");
        if (gen != null) {
            generate(
                    org,
                    gen.path("accounts").asInt(0),
                    gen.path("seed").asLong(seed() == null ? 1 : seed()));
        }
        if (o.has("featureSet")) {
            org.setFeatureSet(o.get("featureSet").asText());
        }
        org.setTrustedAccessForIam(o.path("trustedAccessForIam").asBoolean(false));
        for (JsonNode f : list(o, "features")) {
            org.setFeatureEnabled(f.asText(), true);
        }
        if (o.has("delegatedAdministrator")) {
            String name = o.get("delegatedAdministrator").asText();
            String id = org.accountIdByName(name).orElse(name.matches("\\d{12}") ? name : null);
            if (id == null) {
                throw new IllegalArgumentException(
                        "sandbox seed: delegatedAdministrator '" + name + "' is no account");
            }
            org.setDelegatedAdministrator(id);
        }
    }

    private void createOu(
            SandboxOrganization org,
            String parentId,
            JsonNode ou,
            Map<String, String> targets,
            String path) {
        allowed(ou, path + "[].", OU_KEYS);
        String name = required(ou, "name", path + "[]");
        String id =
                org.createOrganizationalUnit(
                        parentId, name, ou.hasNonNull("id") ? ou.get("id").asText() : null);
        targets.put(name, id);
        for (JsonNode child : list(ou, "organizationalUnits")) {
            createOu(org, id, child, targets, path + "[" + name + "].organizationalUnits");
        }
        for (JsonNode a : list(ou, "accounts")) {
            createAccount(org, id, a, targets, path + "[" + name + "].accounts");
        }
    }

    private void createAccount(
            SandboxOrganization org,
            String parentId,
            JsonNode a,
            Map<String, String> targets,
            String path) {
        allowed(a, path + "[].", ACCOUNT_KEYS);
        String name = required(a, "name", path + "[]");
        String id =
                a.hasNonNull("id")
                        ? org.createAccount(a.get("id").asText(), name, parentId)
                        : org.createAccount(name, parentId);
        targets.put(name, id);
        if (a.has("state")) {
            org.setAccountState(id, a.get("state").asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("tags").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            org.tagAccount(id, t.getKey(), t.getValue().asText());
        }
        SandboxRootUser root = org.rootUser(id);
        JsonNode r = a.path("root");
        allowed(r, path + "[" + name + "].root.", ROOT_KEYS);
        root.setPassword(r.path("password").asBoolean(true));
        JsonNode keys = r.path("accessKeys");
        if (keys.isInt()) {
            for (int i = 0; i < keys.asInt(); i++) {
                root.addAccessKey(null);
            }
        } else {
            for (JsonNode k : keys) {
                root.addAccessKey(
                        k.hasNonNull("lastUsed")
                                ? Instant.parse(k.get("lastUsed").asText())
                                : null);
            }
        }
        for (int i = 0; i < r.path("signingCertificates").asInt(0); i++) {
            root.addSigningCertificate();
        }
        for (int i = 0; i < r.path("mfaDevices").asInt(0); i++) {
            root.addMfaDevice();
        }
        for (JsonNode b : list(a, "buckets")) {
            org.createBucket(id, required(b, "name", path + "[" + name + "].buckets[]"), policy(b));
        }
        for (JsonNode q : list(a, "queues")) {
            org.createQueue(id, required(q, "name", path + "[" + name + "].queues[]"), policy(q));
        }
    }

    private static String policy(JsonNode n) {
        JsonNode p = n.get("policy");
        return p == null || p.isNull() ? null : p.isTextual() ? p.asText() : p.toString();
    }

    /**
     * Adds {@code accounts} member accounts in a typical OU tree (Security, Infrastructure,
     * Workloads/{Prod,Staging,Dev}, Sandbox), reproducible for a given seed, with a realistic mix
     * of root credentials: about a third without any, most with only a password, some with MFA,
     * access keys (used or not) or signing certificates; about 2% suspended. Returns the new
     * account ids.
     */
    public static List<String> generate(SandboxOrganization org, int accounts, long seed) {
        Random rnd = new Random(seed);
        String root = org.rootId();
        String security = ouNamed(org, root, "Security");
        String infrastructure = ouNamed(org, root, "Infrastructure");
        String workloads = ouNamed(org, root, "Workloads");
        String[] parents = {
            ouNamed(org, workloads, "Prod"),
            ouNamed(org, workloads, "Staging"),
            ouNamed(org, workloads, "Dev"),
            ouNamed(org, root, "Sandbox"),
            infrastructure,
            security
        };
        String[] envs = {"prod", "staging", "dev", "sandbox", "shared", "security"};
        int[] weights = {30, 20, 25, 15, 7, 3}; // percent
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            int pick = rnd.nextInt(100);
            int slot = 0;
            int upTo = weights[0];
            while (pick >= upTo) {
                upTo += weights[++slot];
            }
            String id =
                    org.createAccount(String.format("%s-%05d", envs[slot], i + 1), parents[slot]);
            ids.add(id);
            org.tagAccount(id, "env", envs[slot]);
            org.tagAccount(id, "team", "team-" + (1 + rnd.nextInt(20)));
            SandboxRootUser r = org.rootUser(id);
            int mix = rnd.nextInt(100);
            r.setPassword(mix >= 33);
            if (mix >= 70 && mix < 82) {
                r.addMfaDevice();
            }
            if (mix >= 82 && mix < 92) {
                r.addAccessKey(
                        rnd.nextBoolean()
                                ? now.minus(Duration.ofDays(1 + rnd.nextInt(400)))
                                : null);
            }
            if (mix >= 92 && mix < 96) {
                r.setPassword(false);
                r.addAccessKey(null);
                r.addAccessKey(now.minus(Duration.ofDays(rnd.nextInt(30))));
            }
            if (mix >= 96) {
                r.addSigningCertificate();
            }
            if (rnd.nextInt(100) < 2) {
                org.setAccountState(id, "SUSPENDED");
            }
        }
        return ids;
    }

    private static String ouNamed(SandboxOrganization org, String parentId, String name) {
        for (String ou : org.childOuIds(parentId, null, Integer.MAX_VALUE)) {
            if (org.findOu(ou).name.equals(name)) {
                return ou;
            }
        }
        return org.createOrganizationalUnit(parentId, name);
    }

    private static Iterable<JsonNode> list(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("sandbox seed: '" + field + "' must be a list");
        }
        return n;
    }

    private static String required(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.asText().isEmpty()) {
            throw new IllegalArgumentException(
                    "sandbox seed: " + path + "." + field + " is required");
        }
        return v.asText();
    }

    private static void allowed(JsonNode n, String path, Set<String> keys) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(
                    "sandbox seed: " + (path.isEmpty() ? "document" : path) + " must be a mapping");
        }
        n.fieldNames()
                .forEachRemaining(
                        k -> {
                            if (!keys.contains(k)) {
                                throw new IllegalArgumentException(
                                        "sandbox seed: unknown field '"
                                                + path
                                                + k
                                                + "' (known: "
                                                + keys
                                                + ")");
                            }
                        });
    }
}

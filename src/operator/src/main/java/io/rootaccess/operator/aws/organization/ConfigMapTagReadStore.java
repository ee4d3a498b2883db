package io.rootaccess.operator.aws.organization;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.rootaccess.operator.api.ApiGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;

/**
 * The tag reads in one ConfigMap of the operator's namespace, owned by nobody (it outlives every
 * resource and process): {@code binaryData} {@value #KEY}, a gzip-compressed JSON document with the
 * organization id and, per account, its tags and when they were read. 10,000 accounts with five
 * varied tags each take about 380 KB (base64 of 280 KB gzip), well below the 1 MiB a ConfigMap may
 * hold (ConfigMapTagReadStoreTest). Written with create-or-update by the leader only (the
 * organization directory is used by the reconcilers, which run only while leading); a write that
 * fails is logged and skipped. Tags are not secrets, but their values are never logged.
 */
public final class ConfigMapTagReadStore implements TagReadStore {
    private static final Logger LOG = Logger.getLogger(ConfigMapTagReadStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String DEFAULT_NAME = "root-access-operator-organization-tags";
    static final String KEY = "tags.json.gz";
    static final String LABEL_ORGANIZATION_TAGS = ApiGroup.GROUP + "/organization-tags";
    static final String ANNOTATION_ORGANIZATION = ApiGroup.GROUP + "/organization-id";
    static final String ANNOTATION_ACCOUNTS = ApiGroup.GROUP + "/accounts";

    /**
     * The stored document (base64, as the API server keeps binaryData) is not written beyond this:
     * a ConfigMap holds at most 1 MiB, and an organization that large is read again after a restart
     * rather than failing every write.
     */
    static final int MAX_STORED_BYTES = 900 * 1024;

    /** Bumped when the document changes shape: a document of another format is ignored. */
    static final int FORMAT = 1;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /** Warn once per streak of failed writes; the rest go to DEBUG. */
    private boolean failing;

    public ConfigMapTagReadStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** The stored document, decoded. */
    record Stored(String organizationId, Map<String, TagRead> reads) {}

    @Override
    public Optional<Map<String, TagRead>> load(String organizationId) {
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "reading the stored tag reads %s/%s failed (HTTP %d): trying again later",
                    namespace, name, e.getCode());
            return Optional.empty();
        }
        String data = cm == null || cm.getBinaryData() == null ? null : cm.getBinaryData().get(KEY);
        if (data == null) {
            LOG.infof(
                    "no stored tag reads in %s/%s: every account's tags are read", namespace, name);
            return Optional.of(Map.of());
        }
        Stored stored;
        try {
            stored = decode(Base64.getDecoder().decode(data));
        } catch (IOException | RuntimeException e) {
            // the exception's message may quote the document (tag values): only its type is logged
            LOG.warnf(
                    "the stored tag reads in %s/%s cannot be decoded (%s): ignored, every"
                            + " account's tags are read",
                    namespace, name, e.getClass().getSimpleName());
            return Optional.of(Map.of());
        }
        if (!organizationId.equals(stored.organizationId())) {
            LOG.infof(
                    "the stored tag reads in %s/%s are of organization %s, not %s: ignored, every"
                            + " account's tags are read",
                    namespace, name, stored.organizationId(), organizationId);
            return Optional.of(Map.of());
        }
        LOG.infof(
                "loaded the tag reads of %d accounts of organization %s from %s/%s (oldest read"
                        + " at %s)",
                stored.reads().size(),
                organizationId,
                namespace,
                name,
                stored.reads().values().stream()
                        .map(TagRead::readAt)
                        .min(Instant::compareTo)
                        .orElse(null));
        return Optional.of(stored.reads());
    }

    @Override
    public synchronized void save(String organizationId, Map<String, TagRead> reads) {
        String document = Base64.getEncoder().encodeToString(encode(organizationId, reads));
        if (document.length() > MAX_STORED_BYTES) {
            if (!failing) {
                LOG.warnf(
                        "the tag reads of %d accounts take %d bytes, more than a ConfigMap may"
                                + " hold: not stored (a restart reads every account's tags)",
                        reads.size(), document.length());
            }
            failing = true;
            return;
        }
        ConfigMap cm =
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(
                                Map.of(
                                        ApiGroup.LABEL_MANAGED_BY,
                                        ApiGroup.MANAGED_BY,
                                        LABEL_ORGANIZATION_TAGS,
                                        "true"))
                        // no owner reference on purpose: the cache outlives every resource
                        .withAnnotations(
                                Map.of(
                                        ANNOTATION_ORGANIZATION,
                                        organizationId,
                                        ANNOTATION_ACCOUNTS,
                                        Integer.toString(reads.size())))
                        .endMetadata()
                        .withBinaryData(Map.of(KEY, document))
                        .build();
        try {
            client.configMaps()
                    .inNamespace(namespace)
                    .resource(cm)
                    .createOr(NonDeletingOperation::update);
            if (failing) {
                LOG.infof("storing the tag reads in %s/%s works again", namespace, name);
            }
            failing = false;
            LOG.debugf(
                    "stored the tag reads of %d accounts in %s/%s (%d bytes)",
                    reads.size(), namespace, name, document.length());
        } catch (KubernetesClientException e) {
            if (failing) {
                LOG.debugf("storing the tag reads failed again (HTTP %d)", e.getCode());
            } else {
                LOG.warnf(
                        "storing the tag reads in %s/%s failed (HTTP %d): ignored, the next sweep"
                                + " tries again",
                        namespace, name, e.getCode());
            }
            failing = true;
        }
    }

    /** The gzip-compressed JSON document: accounts sorted by id, read times in epoch millis. */
    static byte[] encode(String organizationId, Map<String, TagRead> reads) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes);
                JsonGenerator out = JSON.getFactory().createGenerator(gzip, JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeNumberField("format", FORMAT);
            out.writeStringField("organizationId", organizationId);
            out.writeObjectFieldStart("accounts");
            for (Map.Entry<String, TagRead> e : new TreeMap<>(reads).entrySet()) {
                out.writeObjectFieldStart(e.getKey());
                out.writeNumberField("readAt", e.getValue().readAt().toEpochMilli());
                out.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> t : e.getValue().tags().entrySet()) {
                    out.writeStringField(t.getKey(), t.getValue());
                }
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    static Stored decode(byte[] gzipped) throws IOException {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            root = JSON.readTree(in);
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IOException("unknown format");
        }
        String organizationId = root.path("organizationId").asText(null);
        if (organizationId == null || !root.path("accounts").isObject()) {
            throw new IOException("no organization id or accounts");
        }
        Map<String, TagRead> reads = new HashMap<>();
        var accounts = root.path("accounts").properties().iterator();
        while (accounts.hasNext()) {
            var account = accounts.next();
            JsonNode readAt = account.getValue().path("readAt");
            JsonNode tags = account.getValue().path("tags");
            if (!readAt.canConvertToLong() || !tags.isObject()) {
                throw new IOException("an account without readAt or tags");
            }
            Map<String, String> accountTags = new LinkedHashMap<>();
            tags.properties().forEach(t -> accountTags.put(t.getKey(), t.getValue().asText()));
            reads.put(
                    account.getKey(),
                    new TagRead(Map.copyOf(accountTags), Instant.ofEpochMilli(readAt.asLong())));
        }
        return new Stored(organizationId, Map.copyOf(reads));
    }
}

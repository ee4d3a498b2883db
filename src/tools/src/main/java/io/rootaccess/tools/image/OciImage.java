package io.rootaccess.tools.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image in an OCI archive (an OCI image layout in a tar, as `make image` writes it and `skopeo
 * copy oci-archive:` reads it): its single manifest, its config (user, entrypoint, cmd, env,
 * labels) and its layers, read or unpacked into a root filesystem the way a container runtime does,
 * whiteouts included.
 */
public final class OciImage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final long SMALL_BLOB = 4L << 20;

    private final Path archive;
    private final String manifestDigest;
    private final JsonNode manifest;
    private final JsonNode config;

    private OciImage(Path archive, String manifestDigest, JsonNode manifest, JsonNode config) {
        this.archive = archive;
        this.manifestDigest = manifestDigest;
        this.manifest = manifest;
        this.config = config;
    }

    /** Reads index.json, the one manifest it names and that manifest's config. */
    public static OciImage open(Path archive) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream tar = tar(archive)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && e.getSize() < SMALL_BLOB) {
                    small.put(strip(e.getName()), tar.readAllBytes());
                }
            }
        }
        if (!small.containsKey("oci-layout") || !small.containsKey("index.json")) {
            throw new IOException(
                    archive + " is not an OCI image layout (no oci-layout/index.json)");
        }
        JsonNode index = JSON.readTree(small.get("index.json"));
        if (index.path("manifests").size() != 1) {
            throw new IOException(
                    archive + ": expected one manifest in index.json, found " + index);
        }
        String digest = index.path("manifests").path(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(blob(small, digest));
        JsonNode config =
                JSON.readTree(blob(small, manifest.path("config").path("digest").asText()));
        return new OciImage(archive, digest, manifest, config);
    }

    public String manifestDigest() {
        return manifestDigest;
    }

    /** The image's config document (architecture, os, config, rootfs, history). */
    public JsonNode configDocument() {
        return config;
    }

    public String user() {
        return config.path("config").path("User").asText("");
    }

    public String workingDir() {
        String dir = config.path("config").path("WorkingDir").asText("");
        return dir.isEmpty() ? "/" : dir;
    }

    public List<String> entrypoint() {
        return strings(config.path("config").path("Entrypoint"));
    }

    public List<String> cmd() {
        return strings(config.path("config").path("Cmd"));
    }

    /** The image's environment (Env: NAME=value). */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : strings(config.path("config").path("Env"))) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config")
                .path("Labels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public List<String> layerDigests() {
        List<String> digests = new ArrayList<>();
        manifest.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        return digests;
    }

    /** What {@link #forEachEntry} hands over: one entry of a layer and its content. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(TarArchiveEntry entry, InputStream content) throws IOException;
    }

    /** Every entry of one layer, in order; content is readable for regular files. */
    public void forEachEntry(String layerDigest, EntryVisitor visitor) throws IOException {
        String wanted = "blobs/sha256/" + layerDigest.substring(layerDigest.indexOf(':') + 1);
        try (TarArchiveInputStream outer = tar(archive)) {
            for (TarArchiveEntry e; (e = outer.getNextEntry()) != null; ) {
                if (strip(e.getName()).equals(wanted)) {
                    try (TarArchiveInputStream layer =
                            new TarArchiveInputStream(
                                    new GZIPInputStream(new NonClosing(outer), 1 << 16))) {
                        for (TarArchiveEntry le; (le = layer.getNextEntry()) != null; ) {
                            visitor.visit(le, layer);
                        }
                    }
                    return;
                }
            }
        }
        throw new IOException(archive + " has no blob " + wanted);
    }

    /**
     * Unpacks every layer into rootfs (which must be empty or absent), as a runtime does: in order,
     * a ".wh.NAME" entry deletes NAME of the layers below and ".wh..wh..opq" empties its folder;
     * owners and modes as recorded (owners need root). Device nodes are skipped (the runtime
     * provides /dev). An entry that would land outside rootfs, or be written through a symbolic
     * link, fails the unpack.
     */
    public void unpack(Path rootfs) throws IOException {
        Path root = rootfs.toAbsolutePath().normalize();
        Files.createDirectories(root);
        boolean root0 = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        for (String digest : layerDigests()) {
            Set<Path> thisLayer = new HashSet<>();
            forEachEntry(
                    digest,
                    (entry, content) -> {
                        Path target = inside(root, entry.getName());
                        String base =
                                target.getFileName() == null ? "" : target.getFileName().toString();
                        if (base.equals(OPAQUE)) {
                            try (Stream<Path> children = Files.list(target.getParent())) {
                                for (Path child : children.toList()) {
                                    if (!thisLayer.contains(child)) {
                                        delete(child);
                                    }
                                }
                            }
                            return;
                        }
                        if (base.startsWith(WHITEOUT)) {
                            delete(target.resolveSibling(base.substring(WHITEOUT.length())));
                            return;
                        }
                        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                            return;
                        }
                        thisLayer.add(target);
                        if (target.equals(root)) {
                            setOwnerAndMode(target, entry, root0);
                            return;
                        }
                        Files.createDirectories(target.getParent());
                        if (entry.isDirectory()) {
                            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                                delete(target);
                                Files.createDirectory(target);
                            }
                        } else {
                            delete(target);
                            if (entry.isSymbolicLink()) {
                                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                                if (root0) {
                                    Files.setAttribute(
                                            target,
                                            "unix:uid",
                                            (int) entry.getLongUserId(),
                                            LinkOption.NOFOLLOW_LINKS);
                                    Files.setAttribute(
                                            target,
                                            "unix:gid",
                                            (int) entry.getLongGroupId(),
                                            LinkOption.NOFOLLOW_LINKS);
                                }
                                return;
                            } else if (entry.isLink()) {
                                Files.createLink(target, inside(root, entry.getLinkName()));
                                return;
                            } else {
                                Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                        setOwnerAndMode(target, entry, root0);
                    });
        }
    }

    private static void setOwnerAndMode(Path target, TarArchiveEntry entry, boolean root0)
            throws IOException {
        if (root0) {
            // owner first: chown clears set-user-id bits
            Files.setAttribute(
                    target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(
                    target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The path of a layer entry under root; refuses names that leave root or pass through a
     * symbolic link (a layer must not write through a link into the host).
     */
    static Path inside(Path root, String name) throws IOException {
        Path target = root.resolve(strip(name)).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("layer entry outside the root filesystem: " + name);
        }
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("layer entry through a symbolic link: " + name);
            }
        }
        return target;
    }

    /** Deletes a file, a link (not its target) or a folder with everything in it. */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.delete(path);
        }
    }

    private static byte[] blob(Map<String, byte[]> small, String digest) throws IOException {
        byte[] data = small.get("blobs/sha256/" + digest.substring(digest.indexOf(':') + 1));
        if (data == null) {
            throw new IOException("missing blob " + digest);
        }
        return data;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String strip(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        n = n.startsWith("/") ? n.substring(1) : n;
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static TarArchiveInputStream tar(Path archive) throws IOException {
        return new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
    }

    /** The layer's gzip stream must not close the outer archive's stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}

#!/usr/bin/env python3
"""Writes the operator's OCI image archive and its CycloneDX SBOM, without a container daemon.

`make image` runs it (docs/release.md). Inputs: the base root filesystem (a tar from mmdebstrap: Debian
bookworm with openjdk-17-jre-headless and user 185), the packaged operator (src/operator/target/quarkus-app)
and the CycloneDX SBOM of its Maven dependencies (src/operator/target/bom.json). Outputs in --out:
  root-access-operator.oci.tar  OCI image layout in a tar (podman load -i, skopeo copy oci-archive:...)
  sbom.cdx.json                 the SBOM, also in the image at /usr/share/doc/root-access-operator/
  digest                        the manifest's digest (sha256:...), what a registry will call the image

Three layers, least often changed first: the base, /deployments/lib (third-party jars), then the operator's own
code with the SBOM and licence. Every entry of the operator's layers is root-owned, read-only for the operator,
dated SOURCE_DATE_EPOCH and written in name order; gzip carries no timestamp: the same inputs give the same
digests.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import time
import zipfile

IMAGE_TITLE = "root-access-operator"
DOC_DIR = "usr/share/doc/root-access-operator"
APP_DIR = "deployments"
USER = "185:185"
# The chart (helm/root-access-operator) adds JAVA_OPTS_APPEND (its javaOptions); JAVA_OPTS are the image's own.
JAVA_OPTS = ("-Djava.util.logging.manager=org.jboss.logmanager.LogManager "
             "-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError")
ENTRYPOINT = ["/bin/sh", "-c",
              'exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar "$@"',
              IMAGE_TITLE]


class Digesting:
    """A write-only file that hashes and counts what passes through it to the next file."""

    def __init__(self, target):
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        return self.target.write(data) if self.target is not None else len(data)

    def flush(self):
        if self.target is not None:
            self.target.flush()


class Layer:
    """One gzip-compressed tar layer written to blob_path; diff_id is the digest of the uncompressed tar."""

    def __init__(self, blob_path):
        self.blob_path = blob_path
        self.file = open(blob_path, "wb")
        self.compressed = Digesting(self.file)
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.compressed, mtime=0, compresslevel=6)
        self.uncompressed = Digesting(self.gzip)
        self.tar = tarfile.open(fileobj=self.uncompressed, mode="w|", format=tarfile.PAX_FORMAT)

    def close(self):
        self.tar.close()
        self.gzip.close()
        self.file.close()
        return {
            "diff_id": "sha256:" + self.uncompressed.sha.hexdigest(),
            "digest": "sha256:" + self.compressed.sha.hexdigest(),
            "size": self.compressed.size,
            "uncompressed": self.uncompressed.size,
        }


def entry(name, epoch, kind=tarfile.REGTYPE, size=0, mode=0o644):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = size
    info.mode = mode
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def add_tree(tar, files, epoch):
    """files: {path in the image (no leading /): bytes or a host path}. Parent folders are added first."""
    folders = set()
    for path in files:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            folders.add("/".join(parts[:i]))
    for path in sorted(folders | set(files)):
        if path in folders:
            tar.addfile(entry(path, epoch, tarfile.DIRTYPE, mode=0o755))
            continue
        content = files[path]
        if isinstance(content, bytes):
            tar.addfile(entry(path, epoch, size=len(content)), io.BytesIO(content))
        else:
            with open(content, "rb") as f:
                tar.addfile(entry(path, epoch, size=os.path.getsize(content)), f)


def host_files(root, prefix):
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            full = os.path.join(folder, name)
            found[prefix + "/" + os.path.relpath(full, root)] = full
    return found


def copy_base(rootfs_tar, tar):
    """The base root filesystem as mmdebstrap wrote it; also returns its dpkg status and copyright files."""
    status, copyrights, debian_version = b"", {}, ""
    with tarfile.open(rootfs_tar, mode="r|") as base:
        for member in base:
            name = member.name[2:] if member.name.startswith("./") else member.name
            # device nodes: the container runtime provides /dev
            if name in ("", ".") or name.startswith("dev/"):
                continue
            member.name = name
            member.uname = member.gname = ""
            data = base.extractfile(member) if member.isreg() else None
            if data is not None:
                content = data.read()
                if name == "var/lib/dpkg/status":
                    status = content
                elif name.startswith("usr/share/doc/") and name.endswith("/copyright"):
                    copyrights[name.split("/")[3]] = content.decode("utf-8", "replace")
                elif name == "etc/debian_version":
                    debian_version = content.decode().strip()
                tar.addfile(member, io.BytesIO(content))
            else:
                tar.addfile(member)
    if not status:
        sys.exit("build_image: the base has no var/lib/dpkg/status")
    return status.decode("utf-8"), copyrights, debian_version


def dpkg_packages(status):
    packages = []
    for stanza in status.split("\n\n"):
        fields = {}
        for line in stanza.splitlines():
            match = re.match(r"^([A-Za-z-]+):\s*(.*)$", line)
            if match:
                fields[match.group(1)] = match.group(2)
        if fields.get("Package") and fields.get("Status", "").endswith(" installed"):
            packages.append(fields)
    return sorted(packages, key=lambda p: p["Package"])


def debian_licenses(copyright_text):
    """License short names of a machine-readable (DEP-5) copyright file; empty when it is free text."""
    if not copyright_text or "Format:" not in copyright_text.split("\n\n")[0]:
        return []
    names = []
    for match in re.finditer(r"^License:[ \t]*(\S[^\n]*)$", copyright_text, re.MULTILINE):
        name = match.group(1).strip()
        if name and name not in names:
            names.append(name)
    return names


def read_version(app_dir):
    with zipfile.ZipFile(os.path.join(app_dir, "quarkus-run.jar")) as jar:
        manifest = jar.read("META-INF/MANIFEST.MF").decode()
    match = re.search(r"^Implementation-Version: (\S+)", manifest, re.MULTILINE)
    if not match:
        sys.exit("build_image: quarkus-run.jar has no Implementation-Version")
    return match.group(1)


def packaged_maven_coordinates(app_dir):
    """group:artifact:version of every jar in the packaged app (Quarkus writes the list beside it)."""
    coordinates = set()
    with open(os.path.join(app_dir, "quarkus-app-dependencies.txt")) as f:
        for line in f:
            if line.strip():
                group, artifact, _classifier, _type, version = line.strip().split(":")
                coordinates.add((group, artifact, version))
    return coordinates


def sbom(maven_bom, app_dir, packages, copyrights, debian_version, version, image_ref, created):
    """The Maven components the packaged app holds (all of them, or the build fails) and the base's packages."""
    packaged = packaged_maven_coordinates(app_dir)
    kept = [c for c in maven_bom["components"] if (c.get("group"), c["name"], c["version"]) in packaged]
    missing = packaged - {(c.get("group"), c["name"], c["version"]) for c in kept}
    if missing:
        sys.exit("build_image: the Maven SBOM lacks packaged jars: " + ", ".join(":".join(m) for m in sorted(missing)))
    refs = {c["bom-ref"] for c in kept}
    operator = maven_bom["metadata"]["component"]
    refs.add(operator["bom-ref"])
    dependencies = [
        {"ref": d["ref"], "dependsOn": [r for r in d.get("dependsOn", []) if r in refs]}
        for d in maven_bom.get("dependencies", []) if d["ref"] in refs
    ]
    distro = "debian-" + debian_version
    os_component = {"type": "operating-system", "bom-ref": "os:" + distro, "name": "debian",
                    "version": debian_version}
    debs = []
    for p in packages:
        arch = p.get("Architecture", "all")
        purl = "pkg:deb/debian/%s@%s?arch=%s&distro=%s" % (p["Package"], p["Version"], arch, distro)
        component = {"type": "library", "bom-ref": purl, "name": p["Package"], "version": p["Version"],
                     "purl": purl}
        if p.get("Source"):
            component["properties"] = [{"name": "debian:source", "value": p["Source"]}]
        licenses = debian_licenses(copyrights.get(p["Package"], ""))
        if licenses:
            component["licenses"] = [{"license": {"name": name}} for name in licenses]
        debs.append(component)
    dependencies.append({"ref": os_component["bom-ref"], "dependsOn": [d["bom-ref"] for d in debs]})
    image_component = {
        "type": "container", "bom-ref": image_ref, "name": IMAGE_TITLE, "version": version,
        "licenses": [{"license": {"id": "Apache-2.0"}}],
        "description": "The root-access-operator image: the operator on Debian's Java 17 runtime",
    }
    dependencies.append({"ref": image_ref, "dependsOn": [operator["bom-ref"], os_component["bom-ref"]]})
    operator = dict(operator, licenses=[{"license": {"id": "Apache-2.0"}}])
    return {
        "bomFormat": "CycloneDX",
        "specVersion": maven_bom.get("specVersion", "1.5"),
        "version": 1,
        "metadata": {
            "timestamp": created,
            "component": image_component,
            "properties": [{"name": "root-access-operator:maven-sbom",
                            "value": "cyclonedx-maven-plugin, components limited to the packaged jars"},
                           {"name": "root-access-operator:debian-sbom",
                            "value": "var/lib/dpkg/status of the base, licences from DEP-5 copyright files"}],
        },
        "components": [operator] + kept + [os_component] + debs,
        "dependencies": dependencies,
    }


def descriptor(media_type, data):
    return {"mediaType": media_type, "digest": "sha256:" + hashlib.sha256(data).hexdigest(), "size": len(data)}


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rootfs", required=True, help="tar of the base root filesystem (mmdebstrap)")
    parser.add_argument("--app", required=True, help="the packaged operator (quarkus-app folder)")
    parser.add_argument("--maven-sbom", required=True, help="CycloneDX JSON of the operator's Maven build")
    parser.add_argument("--license", required=True)
    parser.add_argument("--repository", required=True, help="e.g. ghcr.io/rootaccess/root-access-operator")
    parser.add_argument("--source", required=True, help="URL of the source repository")
    parser.add_argument("--revision", required=True, help="the commit the image is built from")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    started = time.monotonic()
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    version = read_version(args.app)
    image_name = "%s:%s" % (args.repository, version)
    os.makedirs(args.out, exist_ok=True)
    work = os.path.join(args.out, "layout")
    shutil.rmtree(work, ignore_errors=True)
    blobs = os.path.join(work, "blobs", "sha256")
    os.makedirs(blobs)

    layers = []
    base = Layer(os.path.join(blobs, "base.tmp"))
    status, copyrights, debian_version = copy_base(args.rootfs, base.tar)
    layers.append((base, "Debian %s with openjdk-17-jre-headless, user 185 (mmdebstrap)" % debian_version))

    lib = Layer(os.path.join(blobs, "lib.tmp"))
    add_tree(lib.tar, host_files(os.path.join(args.app, "lib"), APP_DIR + "/lib"), epoch)
    layers.append((lib, "the operator's third-party jars (/deployments/lib)"))

    with open(args.maven_sbom) as f:
        maven_bom = json.load(f)
    document = sbom(maven_bom, args.app, dpkg_packages(status), copyrights, debian_version, version,
                    "pkg:oci/%s@%s?repository_url=%s" % (IMAGE_TITLE, version, args.repository), created)
    sbom_bytes = (json.dumps(document, indent=2, sort_keys=False) + "\n").encode()
    app_files = {APP_DIR + "/quarkus-run.jar": os.path.join(args.app, "quarkus-run.jar"),
                 APP_DIR + "/quarkus-app-dependencies.txt": os.path.join(args.app, "quarkus-app-dependencies.txt"),
                 DOC_DIR + "/sbom.cdx.json": sbom_bytes,
                 DOC_DIR + "/LICENSE": args.license}
    app_files.update(host_files(os.path.join(args.app, "app"), APP_DIR + "/app"))
    app_files.update(host_files(os.path.join(args.app, "quarkus"), APP_DIR + "/quarkus"))
    app = Layer(os.path.join(blobs, "app.tmp"))
    add_tree(app.tar, app_files, epoch)
    layers.append((app, "the operator (/deployments), its SBOM and licence (/%s)" % DOC_DIR))

    written = []
    for layer, comment in layers:
        result = layer.close()
        os.replace(layer.blob_path, os.path.join(blobs, result["digest"].split(":")[1]))
        written.append((result, comment))

    labels = {
        "org.opencontainers.image.title": IMAGE_TITLE,
        "org.opencontainers.image.description":
            "Kubernetes operator that manages the root users of AWS Organization member accounts",
        "org.opencontainers.image.version": version,
        "org.opencontainers.image.revision": args.revision,
        "org.opencontainers.image.source": args.source,
        "org.opencontainers.image.licenses": "Apache-2.0",
        "org.opencontainers.image.created": created,
        "org.opencontainers.image.base.name": "debian:" + debian_version + " (mmdebstrap)",
        "io.rootaccess.sbom": "/" + DOC_DIR + "/sbom.cdx.json",
    }
    config = {
        "created": created,
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "User": USER,
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LANG=C.UTF-8",
                    "JAVA_OPTS=" + JAVA_OPTS],
            "Entrypoint": ENTRYPOINT,
            "WorkingDir": "/" + APP_DIR,
            "ExposedPorts": {"8080/tcp": {}},
            "Labels": labels,
        },
        "rootfs": {"type": "layers", "diff_ids": [r["diff_id"] for r, _ in written]},
        "history": [{"created": created, "created_by": "make image (deploy/image/build_image.py)",
                     "comment": comment} for _, comment in written],
    }
    config_bytes = canonical(config)
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": descriptor("application/vnd.oci.image.config.v1+json", config_bytes),
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": r["digest"],
                    "size": r["size"]} for r, _ in written],
        "annotations": {k: v for k, v in labels.items() if k.startswith("org.opencontainers.image.")},
    }
    manifest_bytes = canonical(manifest)
    manifest_descriptor = descriptor("application/vnd.oci.image.manifest.v1+json", manifest_bytes)
    manifest_descriptor["annotations"] = {"org.opencontainers.image.ref.name": image_name,
                                          "io.containerd.image.name": image_name}
    for data in (config_bytes, manifest_bytes):
        with open(os.path.join(blobs, hashlib.sha256(data).hexdigest()), "wb") as f:
            f.write(data)
    index_bytes = canonical({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                             "manifests": [manifest_descriptor]})

    archive = os.path.join(args.out, IMAGE_TITLE + ".oci.tar")
    with tarfile.open(archive + ".tmp", mode="w", format=tarfile.PAX_FORMAT) as out:
        add_tree(out, {"oci-layout": canonical({"imageLayoutVersion": "1.0.0"}),
                       "index.json": index_bytes,
                       **{"blobs/sha256/" + name: os.path.join(blobs, name) for name in os.listdir(blobs)}},
                 epoch)
    os.replace(archive + ".tmp", archive)
    with open(os.path.join(args.out, "sbom.cdx.json"), "wb") as f:
        f.write(sbom_bytes)
    with open(os.path.join(args.out, "digest"), "w") as f:
        f.write(manifest_descriptor["digest"] + "\n")
    shutil.rmtree(work)

    compressed = sum(r["size"] for r, _ in written)
    uncompressed = sum(r["uncompressed"] for r, _ in written)
    print("image: %s (%s)" % (archive, image_name))
    print("image: digest %s; %d layers, %.1f MB compressed, %.1f MB uncompressed; %d Maven + %d Debian "
          "components in the SBOM; %.1f s" % (
              manifest_descriptor["digest"], len(written), compressed / 1e6, uncompressed / 1e6,
              len(document["components"]) - len(debs_of(document)) - 2, len(debs_of(document)),
              time.monotonic() - started))


def debs_of(document):
    return [c for c in document["components"] if c.get("purl", "").startswith("pkg:deb/")]


if __name__ == "__main__":
    main()

package io.rootaccess.tools.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs an image's own entrypoint and cmd in its unpacked root filesystem without a
 * container runtime (none can start containers on the build machines): new mount and PID namespaces
 * with a fresh /proc (the JVM finds libjli.so through /proc/self/exe), the host's /dev, the root
 * filesystem read-only with a tmpfs on /tmp (as the chart runs the pod), the host's /etc/hosts and
 * /etc/resolv.conf, then chroot as the image's user into its working directory. The network is the
 * host's, so the entrypoint reaches servers on 127.0.0.1. Needs root.
 */
public final class RootFilesystemCommand {
    // $0 root filesystem, $1 user (uid:gid), $2 working directory, then the entrypoint and cmd
    private static final String SETUP =
            """
            set -e
            root="$0"; user="$1"; workdir="$2"; shift 2
            mount --rbind "$root" "$root"
            mount -o remount,bind,ro "$root"
            mount --rbind /dev "$root/dev"
            mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
            for f in /etc/hosts /etc/resolv.conf; do
              if [ -f "$f" ]; then mount --bind "$f" "$root$f"; fi
            done
            exec chroot --userspec="$user" "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "$@"
            """;

    private RootFilesystemCommand() {}

    /**
     * The argv that starts image's entrypoint and cmd in rootfs (unpacked by {@link
     * OciImage#unpack}); its environment is the caller's to set (the image's Env and more).
     */
    public static List<String> of(OciImage image, Path rootfs) throws IOException {
        Path root = rootfs.toAbsolutePath().normalize();
        if (image.user().isEmpty()) {
            throw new IllegalStateException("the image names no user: it would run as root");
        }
        // files a runtime provides: the mount points must exist in the read-only root filesystem
        for (String f : List.of("proc", "dev", "tmp")) {
            Files.createDirectories(root.resolve(f));
        }
        for (String f : List.of("etc/hosts", "etc/resolv.conf")) {
            if (!Files.exists(root.resolve(f))) {
                Files.createFile(root.resolve(f));
            }
        }
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/unshare",
                                "--mount",
                                "--pid",
                                "--fork",
                                "--kill-child",
                                "--mount-proc=" + root.resolve("proc"),
                                "/bin/sh",
                                "-c",
                                SETUP,
                                root.toString(),
                                image.user(),
                                image.workingDir()));
        argv.addAll(image.entrypoint());
        argv.addAll(image.cmd());
        return argv;
    }
}

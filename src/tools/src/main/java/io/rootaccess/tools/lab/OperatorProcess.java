package io.rootaccess.tools.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operator replica as a child JVM of the packaged operator (`java -jar
 * src/operator/target/quarkus-app/quarkus-run.jar`, its prod profile, as the image runs it),
 * pointed at an embedded Kubernetes API and a sandbox by system properties; or, with {@link
 * #startCommand}, as a command of its own (`make image-smoke`: the image's entrypoint in its root
 * filesystem) pointed there by environment variables, as a pod's env does. Its name is its Lease
 * identity and its AWS SDK app id (AWS_SDK_UA_APP_ID), so the sandbox's call log tells replicas
 * apart by User-Agent. {@link #kill()} is kill -9 (no shutdown hook runs); {@link #stop()} is a
 * SIGTERM.
 */
public final class OperatorProcess implements AutoCloseable {
    /** Where `make build` leaves the packaged operator, from the repository's top folder. */
    public static final Path DEFAULT_JAR =
            Path.of("src/operator/target/quarkus-app/quarkus-run.jar");

    private final String name;
    private final Process process;
    private final Path log;

    private OperatorProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param properties system properties of the operator (api server url, aws endpoint and
     *     keys...)
     */
    public static OperatorProcess start(
            String name, Path jar, Map<String, String> properties, Path logDir) throws IOException {
        // small heaps and few GC threads: several replicas share a 2-core machine with the harness
        return start(
                name,
                jar,
                properties,
                logDir,
                List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /**
     * @param jvmOptions heap and GC options of the replica (`make bench` measures the operator's
     *     memory with the chart's heap)
     */
    public static OperatorProcess start(
            String name,
            Path jar,
            Map<String, String> properties,
            Path logDir,
            List<String> jvmOptions)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "operator jar not found: "
                            + jar.toAbsolutePath()
                            + " (build it with `make build`)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        cmd.add("-Drootaccess.leader-election.identity=" + name);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("AWS_SDK_UA_APP_ID", name);
        // the operator must not pick up AWS settings of whoever runs the harness
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("AWS_") && !k.equals("AWS_SDK_UA_APP_ID"));
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ROOTACCESS_") || k.startsWith("QUARKUS_"));
        return new OperatorProcess(name, pb.start(), log);
    }

    /**
     * A replica that is a command of its own. Its environment is environment (e.g. the image's Env)
     * plus the properties as the environment variables Quarkus reads for them (quarkus.http.port:
     * QUARKUS_HTTP_PORT, see {@link #environmentName}), the Lease identity and the SDK app id:
     * nothing of the harness's own environment.
     */
    public static OperatorProcess startCommand(
            String name,
            List<String> command,
            Map<String, String> environment,
            Map<String, String> properties,
            Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(environment);
        properties.forEach((k, v) -> pb.environment().put(environmentName(k), v));
        pb.environment().put("ROOTACCESS_LEADER_ELECTION_IDENTITY", name);
        pb.environment().put("AWS_SDK_UA_APP_ID", name);
        return new OperatorProcess(name, pb.start(), log);
    }

    /**
     * The environment variable MicroProfile Config reads for a property: every character but
     * letters and digits becomes '_', upper case (quarkus.log.category."io.rootaccess".level:
     * QUARKUS_LOG_CATEGORY__IO_ROOTACCESS__LEVEL, as the Helm chart sets it).
     */
    public static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** kill -9: no shutdown hook, no lease release, requests in flight cut off. */
    public void kill() throws InterruptedException {
        // a command's own children first (unshare's child survives unshare's death)
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGSTOP: the process (and what it started) is frozen as a stalled node or a long GC pause
     * freezes it; its connections stay open, its timers do not fire.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a frozen process resumes where it stopped, unaware of the time that passed. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("kill", "-" + name));
        cmd.add(Long.toString(process.pid()));
        process.descendants().forEach(h -> cmd.add(Long.toString(h.pid())));
        Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException(
                    "kill -"
                            + name
                            + " "
                            + process.pid()
                            + " failed: "
                            + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** Waits up to {@code timeout} for the process to end; whether it did. */
    public boolean awaitExit(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The processes a command started (the operator's JVM inside `unshare ... chroot`). */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** The exit code, once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /**
     * SIGTERM, as Kubernetes stops a pod; kill -9 after 30 s, as the kubelet does after the grace
     * period.
     */
    public void stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

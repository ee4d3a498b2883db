package io.rootaccess.operator.demo;

import io.quarkus.runtime.Quarkus;
import io.rootaccess.operator.sandbox.Sandbox;

/**
 * `make demo`: the simulated organization, an embedded Kubernetes API and the operator, all in this
 * process on 127.0.0.1. Nothing leaves the machine; no cluster, AWS account or Docker is needed.
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String... args) throws Exception {
        DemoSettings settings;
        try {
            settings = DemoSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        Sandbox sandbox = DemoOrganization.start(settings);
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        System.out.printf(
                "demo: simulated organization %s with %d member accounts at %s%n",
                sandbox.organization().id(),
                sandbox.organization().accountIds().size() - 1,
                sandbox.endpoint());
        System.out.printf("demo: embedded Kubernetes API at %s%n", kubernetes.url());

        // Runtime configuration for the operator: read by Quarkus when it starts below.
        System.setProperty("quarkus.profile", "demo");
        System.setProperty("quarkus.kubernetes-client.api-server-url", kubernetes.url());
        System.setProperty("rootaccess.aws.endpoint", sandbox.endpoint().toString());
        System.setProperty("rootaccess.aws.region", "us-east-1");
        System.setProperty(
                "rootaccess.aws.access-key-id", sandbox.managementCredentials().accessKeyId());
        System.setProperty(
                "rootaccess.aws.secret-access-key",
                sandbox.managementCredentials().secretAccessKey());

        DemoRun.set(new DemoRun(settings, sandbox));
        Quarkus.run(
                DemoApplication.class,
                (exitCode, failure) -> {
                    if (failure != null) {
                        System.err.println("demo: FAILED: " + failure);
                        failure.printStackTrace(); // the cause is usually a few levels down
                    }
                    kubernetes.close();
                    sandbox.close();
                    System.exit(failure != null && exitCode == 0 ? 1 : exitCode);
                },
                args);
    }
}

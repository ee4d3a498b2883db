package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's committed CRDs, applied to a bare Fabric8 mock API server so it treats status as a
 * subresource the way a real API server does (tests run in the repository's top folder).
 */
public final class Crds {
    static final List<String> FILES =
            List.of(
                    "crds/rootaccesspolicies.rootaccess.io.yaml",
                    "crds/memberaccountrootstates.rootaccess.io.yaml",
                    "crds/privilegedroottasks.rootaccess.io.yaml");

    private Crds() {}

    public static void apply(KubernetesClient client) {
        for (String file : FILES) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .load(in)
                        .createOr(NonDeletingOperation::update);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.rootaccess.kubectl.model;

import java.util.Map;

/** The metadata the plugin shows: where the resource is, its generation, labels, annotations. */
public record Meta(
        String namespace,
        String name,
        Long generation,
        Map<String, String> labels,
        Map<String, String> annotations) {}

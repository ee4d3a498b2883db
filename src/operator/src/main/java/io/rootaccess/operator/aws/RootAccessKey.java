package io.rootaccess.operator.aws;

import java.time.Instant;

/** A root access key id (not a secret) with its status and last use. */
public record RootAccessKey(
        String accessKeyId,
        String status,
        Instant createDate,
        Instant lastUsedDate,
        String lastUsedService) {}

package io.rootaccess.kubectl.model;

import java.util.List;

/** What the account's last audit saw (status.credentials): ids, counts and dates, no secrets. */
public record Credentials(
        Boolean passwordPresent,
        String passwordLastUsed,
        Integer accessKeys,
        Integer signingCertificates,
        Integer mfaDevices,
        List<AccessKey> accessKeyDetails,
        List<String> signingCertificateIds,
        List<String> mfaSerialNumbers) {

    /** One root access key: its id (AKIA..., not a secret), status and last use. */
    public record AccessKey(String id, String status, String lastUsed, String lastUsedService) {}
}

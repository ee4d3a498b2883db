package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the last audit saw. Ids and dates only: never secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservedRootCredentials {
    @JsonPropertyDescription("Whether the root user has a console password (login profile).")
    public Boolean passwordPresent;

    @JsonPropertyDescription("When the root password was last used (RFC 3339), if AWS reports it.")
    public String passwordLastUsed;

    @JsonPropertyDescription("How many root access keys exist.")
    public Integer accessKeysPresent;

    @JsonPropertyDescription("How many root signing certificates exist.")
    public Integer signingCertificatesPresent;

    @JsonPropertyDescription("How many MFA devices the root user has.")
    public Integer mfaDevicesPresent;

    @JsonPropertyDescription("The root access keys: ids, status and last use.")
    public List<AccessKeyInfo> accessKeys;

    @JsonPropertyDescription("The ids of the root signing certificates.")
    public List<String> signingCertificateIds;

    @JsonPropertyDescription("The serial numbers (ARNs) of the root user's MFA devices.")
    public List<String> mfaSerialNumbers;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AccessKeyInfo {
        @JsonPropertyDescription("The access key id (AKIA...). Not a secret.")
        public String accessKeyId;

        @JsonPropertyDescription("Active or Inactive.")
        public String status;

        @JsonPropertyDescription("When the key was created (RFC 3339).")
        public String createDate;

        @JsonPropertyDescription("When the key was last used (RFC 3339), if ever.")
        public String lastUsedDate;

        @JsonPropertyDescription("The AWS service the key was last used with.")
        public String lastUsedService;

        public AccessKeyInfo() {}

        public AccessKeyInfo(
                String accessKeyId,
                String status,
                String createDate,
                String lastUsedDate,
                String lastUsedService) {
            this.accessKeyId = accessKeyId;
            this.status = status;
            this.createDate = createDate;
            this.lastUsedDate = lastUsedDate;
            this.lastUsedService = lastUsedService;
        }
    }
}

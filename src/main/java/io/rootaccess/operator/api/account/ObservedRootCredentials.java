package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What the last audit saw. Ids and dates only: never secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservedRootCredentials {
    public Boolean passwordPresent;
    public String passwordLastUsed;
    public Integer accessKeysPresent;
    public Integer signingCertificatesPresent;
    public Integer mfaDevicesPresent;
    public List<AccessKeyInfo> accessKeys;
    public List<String> signingCertificateIds;
    public List<String> mfaSerialNumbers;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AccessKeyInfo {
        public String accessKeyId;
        public String status;
        public String createDate;
        public String lastUsedDate;
        public String lastUsedService;

        public AccessKeyInfo() {
        }

        public AccessKeyInfo(String accessKeyId, String status, String createDate, String lastUsedDate,
                String lastUsedService) {
            this.accessKeyId = accessKeyId;
            this.status = status;
            this.createDate = createDate;
            this.lastUsedDate = lastUsedDate;
            this.lastUsedService = lastUsedService;
        }
    }
}

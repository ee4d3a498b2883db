package io.rootaccess.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The root user of one account and its credentials. Thread-safe. */
public final class SandboxRootUser {
    record AccessKey(String id, Instant created, Instant lastUsed) {}

    private final String accountId;
    private final Ids ids;
    private final SandboxClock clock;
    private final Instant created;
    private Instant passwordCreated;
    private Instant passwordLastUsed;
    private final Map<String, AccessKey> accessKeys = new LinkedHashMap<>();
    private final Map<String, Instant> certificates = new LinkedHashMap<>();
    private final Map<String, Instant> mfaDevices = new LinkedHashMap<>();
    private int mfaSerialCounter;

    SandboxRootUser(String accountId, Ids ids, SandboxClock clock) {
        this.accountId = accountId;
        this.ids = ids;
        this.clock = clock;
        this.created = clock.instant();
    }

    public String accountId() {
        return accountId;
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":root";
    }

    public synchronized void setPassword(boolean present) {
        passwordCreated =
                present ? (passwordCreated != null ? passwordCreated : clock.instant()) : null;
    }

    public synchronized boolean hasPassword() {
        return passwordCreated != null;
    }

    public synchronized void setPasswordLastUsed(Instant when) {
        passwordLastUsed = when;
    }

    /**
     * Adds an active root access key; {@code lastUsed} null = never used. Returns its id (AKIA...).
     */
    public synchronized String addAccessKey(Instant lastUsed) {
        String id = "AKIA" + ids.upper(16);
        accessKeys.put(id, new AccessKey(id, clock.instant(), lastUsed));
        return id;
    }

    public synchronized List<String> accessKeyIds() {
        return new ArrayList<>(accessKeys.keySet());
    }

    public synchronized String addSigningCertificate() {
        String id = ids.upper(32);
        certificates.put(id, clock.instant());
        return id;
    }

    public synchronized List<String> signingCertificateIds() {
        return new ArrayList<>(certificates.keySet());
    }

    /** Adds an active virtual MFA device and returns its serial number (an ARN). */
    public synchronized String addMfaDevice() {
        mfaSerialCounter++;
        String serial =
                "arn:aws:iam::"
                        + accountId
                        + ":mfa/root-account-mfa-device"
                        + (mfaSerialCounter == 1 ? "" : "-" + mfaSerialCounter);
        mfaDevices.put(serial, clock.instant());
        return serial;
    }

    public synchronized List<String> activeMfaSerials() {
        return new ArrayList<>(mfaDevices.keySet());
    }

    /** True when any root credential exists. */
    public synchronized boolean hasCredentials() {
        return passwordCreated != null
                || !accessKeys.isEmpty()
                || !certificates.isEmpty()
                || !mfaDevices.isEmpty();
    }

    // ---- used by the wire handlers ----

    synchronized Instant created() {
        return created;
    }

    synchronized Instant passwordCreated() {
        return passwordCreated;
    }

    synchronized Instant passwordLastUsed() {
        return passwordLastUsed;
    }

    synchronized List<AccessKey> accessKeys() {
        return new ArrayList<>(accessKeys.values());
    }

    synchronized AccessKey accessKey(String id) {
        return accessKeys.get(id);
    }

    synchronized boolean deleteAccessKey(String id) {
        return accessKeys.remove(id) != null;
    }

    synchronized Map<String, Instant> certificates() {
        return new LinkedHashMap<>(certificates);
    }

    synchronized boolean deleteCertificate(String id) {
        return certificates.remove(id) != null;
    }

    synchronized Map<String, Instant> mfaDevices() {
        return new LinkedHashMap<>(mfaDevices);
    }

    synchronized boolean deactivateMfa(String serial) {
        return mfaDevices.remove(serial) != null;
    }

    synchronized boolean deletePassword() {
        boolean had = passwordCreated != null;
        passwordCreated = null;
        return had;
    }

    /** Creates the login profile; false when one exists. */
    synchronized boolean createPassword() {
        if (passwordCreated != null) {
            return false;
        }
        passwordCreated = clock.instant();
        return true;
    }
}

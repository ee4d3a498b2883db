package io.rootaccess.tools.chaos;

import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the sandbox holds for one account's root user: the truth a run is judged by. */
record RootTruth(
        boolean password,
        List<String> accessKeys,
        List<String> signingCertificates,
        List<String> mfaDevices) {

    static RootTruth of(SandboxRootUser user) {
        return new RootTruth(
                user.hasPassword(),
                List.copyOf(user.accessKeyIds()),
                List.copyOf(user.signingCertificateIds()),
                List.copyOf(user.activeMfaSerials()));
    }

    /** Every account of the organization (management account included), by id. */
    static Map<String, RootTruth> snapshot(SandboxOrganization org) {
        Map<String, RootTruth> out = new TreeMap<>();
        for (String id : org.accountIds()) {
            out.put(id, of(org.rootUser(id)));
        }
        return out;
    }

    /** Credentials left, counted over the four types. */
    int credentialsLeft() {
        return (password ? 1 : 0)
                + accessKeys.size()
                + signingCertificates.size()
                + mfaDevices.size();
    }
}

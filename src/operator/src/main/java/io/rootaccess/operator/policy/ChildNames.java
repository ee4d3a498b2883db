package io.rootaccess.operator.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the MemberAccountRootState children: {@code <accountId>-<policyName>}, a valid DNS
 * label.
 */
public final class ChildNames {
    static final int MAX = 63;

    private ChildNames() {}

    /**
     * Unique per policy and account. Long policy names are cut and get a short hash of the full
     * name, so two policies sharing a long prefix still get different names.
     */
    public static String of(String accountId, String policyName) {
        String full = accountId + "-" + policyName;
        if (full.length() <= MAX) {
            return full;
        }
        String hash = hash(policyName);
        String cut = full.substring(0, MAX - hash.length() - 1);
        while (cut.endsWith("-") || cut.endsWith(".")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "-" + hash;
    }

    private static String hash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.rootaccess.operator.aws;

/**
 * A member account as AWS Organizations describes it. {@code state} is Account.State (ACTIVE,
 * SUSPENDED...).
 */
public record AccountInfo(String id, String name, String email, String state) {
    public boolean active() {
        return "ACTIVE".equals(state);
    }
}

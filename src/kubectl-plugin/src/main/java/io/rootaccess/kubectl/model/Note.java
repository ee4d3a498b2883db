package io.rootaccess.kubectl.model;

/**
 * One account a policy's status names, with a machine-readable reason and a message: an entry of
 * status.attention (needs a person) or of status.excludedAccounts (left out of the selection).
 */
public record Note(String accountId, String reason, String message) {}

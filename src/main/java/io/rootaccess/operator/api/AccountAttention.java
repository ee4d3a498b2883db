package io.rootaccess.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One account that needs a person's attention, with a machine-readable reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountAttention {
    public String accountId;
    /** CamelCase reason, e.g. BlockedByPolicy, KeyRecentlyUsed, Conflict, Failed. */
    public String reason;
    public String message;

    public AccountAttention() {
    }

    public AccountAttention(String accountId, String reason, String message) {
        this.accountId = accountId;
        this.reason = reason;
        this.message = message;
    }
}

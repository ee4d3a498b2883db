package io.rootaccess.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One account that needs a person's attention, with a machine-readable reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountAttention {
    @JsonPropertyDescription("The 12-digit member account id.")
    public String accountId;

    /** CamelCase reason, e.g. BlockedByPolicy, KeyRecentlyUsed, Conflict, Failed. */
    @JsonPropertyDescription(
            "CamelCase reason, e.g. BlockedByPolicy, KeyRecentlyUsed, Conflict, Excluded.")
    public String reason;

    @JsonPropertyDescription("What happened and what to do, for people.")
    public String message;

    public AccountAttention() {}

    public AccountAttention(String accountId, String reason, String message) {
        this.accountId = accountId;
        this.reason = reason;
        this.message = message;
    }
}

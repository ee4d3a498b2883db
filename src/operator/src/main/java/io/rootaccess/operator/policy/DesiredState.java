package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;

/**
 * What a policy wants for each account it selects: the root credential state and the mode. Two
 * policies "agree" on an account when these are equal (compared as JSON trees, independent of
 * equals()).
 */
public record DesiredState(JsonNode rootCredentials, Mode mode) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Null when the policy declares no rootCredentials (organization switches only). */
    public static DesiredState of(RootAccessPolicySpec spec) {
        if (spec == null || spec.rootCredentials == null) {
            return null;
        }
        return new DesiredState(
                MAPPER.valueToTree(spec.rootCredentials),
                spec.mode == null ? Mode.DryRun : spec.mode);
    }

    public static DesiredState of(RootCredentialsSpec rootCredentials, Mode mode) {
        return new DesiredState(
                MAPPER.valueToTree(rootCredentials), mode == null ? Mode.DryRun : mode);
    }

    /** A fresh copy for a child's spec (children never share objects with the policy). */
    public RootCredentialsSpec rootCredentialsCopy() {
        try {
            return MAPPER.treeToValue(rootCredentials, RootCredentialsSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String describe() {
        return rootCredentials.path("state").asText() + (mode == Mode.DryRun ? " (DryRun)" : "");
    }
}

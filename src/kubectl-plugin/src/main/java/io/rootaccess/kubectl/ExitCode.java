package io.rootaccess.kubectl;

/**
 * The plugin's exit codes (docs/kubectl-plugin.md lists them): scripts and CI can tell "nothing to
 * do" from "something would change" from each kind of failure without parsing the message.
 */
public enum ExitCode {
    OK(0, "success; for plan: nothing would change"),
    ERROR(1, "unexpected error (the message says what failed)"),
    PLAN_CHANGES(2, "plan: something would change, or the plan is incomplete or stale"),
    USAGE(3, "usage: unknown command or option, missing or malformed argument"),
    NO_CLUSTER(
            4, "no cluster: no kubeconfig, unknown context, or the API server cannot be reached"),
    CRDS_MISSING(5, "the rootaccess.io CRDs are not installed in the cluster"),
    FORBIDDEN(6, "forbidden by RBAC (403) or credentials rejected (401)"),
    NOT_FOUND(7, "the account or policy asked about is not found");

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}

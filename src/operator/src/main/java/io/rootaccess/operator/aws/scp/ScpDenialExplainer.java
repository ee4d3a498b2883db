package io.rootaccess.operator.aws.scp;

import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds the SCP on an account's path that denies an action to root sessions, nearest target first.
 */
@ApplicationScoped
public class ScpDenialExplainer implements DenialExplainer {
    private static final Logger LOG = Logger.getLogger(ScpDenialExplainer.class);

    private final ScpPaths paths;

    @Inject
    public ScpDenialExplainer(ScpPaths paths) {
        this.paths = paths;
    }

    /** Reads the whole path for every explanation. */
    public ScpDenialExplainer(OrganizationDirectory directory) {
        this(ScpPaths.uncached(directory));
    }

    @Override
    public PolicyDenial explain(String accountId, String action, String resourceArn) {
        List<ServiceControlPolicy> policies;
        try {
            policies = paths.policiesFor(accountId);
        } catch (AwsException e) {
            if (e.retryable()) {
                throw e;
            }
            // Without organizations:ListPoliciesForTarget we cannot name the SCP: say so through
            // the null policy.
            LOG.debugf("cannot read the SCPs of %s: %s", accountId, e.kind());
            return new PolicyDenial(accountId, action, null, null, null, null);
        }
        return denial(policies, accountId, action, resourceArn)
                .orElseGet(() -> new PolicyDenial(accountId, action, null, null, null, null));
    }

    /**
     * The first SCP of {@code policies} (nearest target first) that denies the action to root, with
     * the statement to change and the fix; empty when none does.
     */
    static Optional<PolicyDenial> denial(
            List<ServiceControlPolicy> policies,
            String accountId,
            String action,
            String resourceArn) {
        for (ServiceControlPolicy scp : policies) {
            var match = ScpMatcher.denies(scp.document(), accountId, action, resourceArn);
            if (match.isPresent()) {
                String fix =
                        "Exempt root sessions in its "
                                + match.get().statement()
                                + " with the condition"
                                + " \"Null\": {\"aws:AssumedRoot\": \"true\"} (or detach the policy from "
                                + scp.targetId()
                                + "), then the task is retried.";
                return Optional.of(
                        new PolicyDenial(
                                accountId, action, scp.id(), scp.name(), scp.targetId(), fix));
            }
        }
        return Optional.empty();
    }
}

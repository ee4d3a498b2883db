package io.rootaccess.operator.aws.scp;

import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Before a root session acts: which of the actions the SCPs on the account's path deny to root,
 * each with the policy and the statement to change, so all of them are reported at once and none is
 * attempted. Only explicit Deny statements are evaluated ({@link ScpMatcher}); a condition it
 * cannot evaluate counts as denying (the action is not attempted: fail closed). When the SCPs
 * cannot be read the verdict says so and denies nothing: AWS still enforces them, one call at a
 * time.
 */
@ApplicationScoped
public class ScpPreflight {
    private static final Logger LOG = Logger.getLogger(ScpPreflight.class);

    /**
     * @param denied action -> the SCP statement that denies it, in the order asked
     * @param unreadable why the SCPs could not be read; empty when they were
     */
    public record Verdict(Map<String, PolicyDenial> denied, Optional<String> unreadable) {
        public Verdict {
            denied = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(denied));
        }

        public boolean denies(String action) {
            return denied.containsKey(action);
        }
    }

    private final ScpPaths paths;

    @Inject
    public ScpPreflight(ScpPaths paths) {
        this.paths = paths;
    }

    /**
     * Reads the SCPs on the account's path (cached, see {@link ScpPaths}) and evaluates the
     * actions. {@code ownAttachments} false: only its OUs' and the root's, which every account
     * shares (an SCP attached to the account itself is then met by the call, and read on its next
     * pass).
     */
    public Verdict evaluate(String accountId, Collection<String> actions, boolean ownAttachments) {
        List<ServiceControlPolicy> policies;
        try {
            policies =
                    ownAttachments ? paths.policiesFor(accountId) : paths.policiesAbove(accountId);
        } catch (AwsException e) {
            LOG.debugf("pre-flight: cannot read the SCPs of %s: %s", accountId, e.kind());
            String what = e.action() == null ? "Organizations" : e.action();
            return new Verdict(Map.of(), Optional.of(what + " failed (" + e.kind() + ")"));
        }
        return new Verdict(evaluate(policies, accountId, actions), Optional.empty());
    }

    /** Pure evaluation: action -> the nearest SCP statement that denies it to root. */
    public static Map<String, PolicyDenial> evaluate(
            List<ServiceControlPolicy> policies, String accountId, Collection<String> actions) {
        Map<String, PolicyDenial> denied = new LinkedHashMap<>();
        for (String action : actions) {
            ScpDenialExplainer.denial(policies, accountId, action, null)
                    .ifPresent(d -> denied.put(action, d));
        }
        return denied;
    }
}

package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.reconcile.Denials;
import io.rootaccess.operator.reconcile.RetryBackoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What an AWS failure in an account pass means, in a status a person can act on: retryable kinds ->
 * Reconciling with back-off; AccessDenied -> Blocked with the SCP and fix (or Failed naming the
 * organization switch that is off); feature not enabled and the rest -> Failed, looked at again
 * later.
 */
final class AccountAwsErrors {
    private static final Logger LOG = Logger.getLogger(AccountAwsErrors.class);

    /** How soon a denial that no SCP explains is tried again. */
    static final Duration UNEXPLAINED_RECHECK = Duration.ofMinutes(1);

    private final OrganizationFeatures features;
    private final DenialExplainer denials;
    private final AccountStatusFactory status;
    private final AccountEvents events;
    private final RetryBackoff backoff;
    private final Duration featureRecheck;

    AccountAwsErrors(
            OrganizationFeatures features,
            DenialExplainer denials,
            AccountStatusFactory status,
            AccountEvents events,
            RetryBackoff backoff,
            Duration featureRecheck) {
        this.features = features;
        this.denials = denials;
        this.status = status;
        this.events = events;
        this.backoff = backoff;
        this.featureRecheck = featureRecheck;
    }

    /** Writes the outcome into status; returns when to look again. */
    Duration handle(
            MemberAccountRootState resource,
            Context<MemberAccountRootState> context,
            DesiredRootState desired,
            AwsException e) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String key = RetryBackoff.key(resource);
        String accountId = desired.accountId();
        Optional<Duration> retry = backoff.after(key, e);
        if (retry.isPresent()) {
            status.retrying(st, gen, e, retry.get());
            LOG.debugf("account %s: %s, retrying in %s", accountId, e, retry.get());
            return retry.get();
        }
        // Read the switches once: a policy may switch them on between two reads.
        Optional<String> missingSwitch =
                e.kind() == AwsErrorKind.ACCESS_DENIED ? missingSwitch(e) : Optional.empty();
        if (missingSwitch.isPresent()) {
            // AWS answers AssumeRoot with AccessDenied while the feature is off: that is not an
            // SCP, and a
            // policy is often about to switch it on, so look again soon rather than after the audit
            // interval.
            status.switchOff(st, gen, missingSwitch.get(), featureRecheck);
            return featureRecheck;
        }
        switch (e.kind()) {
            case ACCESS_DENIED -> {
                // every call denied in the pass, each explained, reported at once
                List<PolicyDenial> explained =
                        (e instanceof DeniedCalls.Denied all ? all.denials() : List.of(e))
                                .stream().map(d -> Denials.explain(denials, accountId, d)).toList();
                boolean wasBlocked = st.phase == AccountPhase.Blocked;
                status.blocked(
                        st,
                        gen,
                        explained,
                        e instanceof DeniedCalls.Denied all ? all.notes() : List.of());
                if (!wasBlocked) {
                    events.blocked(context.getClient(), resource, st.attention);
                }
                LOG.infof("account %s blocked: %s", accountId, st.attention);
                // re-check later: someone may fix the SCP. A denial no SCP explains is often a
                // switch that was
                // turned on between the denied call and our look at the switches: look again within
                // a minute.
                return explained.stream().allMatch(d -> d.policyId() == null)
                                && desired.auditInterval().compareTo(UNEXPLAINED_RECHECK) > 0
                        ? UNEXPLAINED_RECHECK
                        : desired.auditInterval();
            }
            case FEATURE_NOT_ENABLED -> status.featureNotEnabled(st, gen, e);
            default -> status.awsFailure(st, gen, e);
        }
        return desired.auditInterval();
    }

    /**
     * For a denied sts:AssumeRoot, the organization switch that is off (trusted access for IAM or
     * RootCredentialsManagement), read from IAM and Organizations; empty when both are on or
     * unreadable.
     */
    private Optional<String> missingSwitch(AwsException e) {
        if (e.action() != null && !"sts:AssumeRoot".equals(e.action())) {
            return Optional.empty();
        }
        try {
            if (!features.trustedAccessForIam()) {
                return Optional.of("trusted access for IAM (organizations:EnableAWSServiceAccess)");
            }
            if (!features.enabledFeatures().contains(OrgFeature.RootCredentialsManagement)) {
                return Optional.of(
                        "RootCredentialsManagement (iam:EnableOrganizationsRootCredentialsManagement)");
            }
        } catch (AwsException unreadable) {
            LOG.debugf("cannot read the organization switches: %s", unreadable.kind());
        }
        return Optional.empty();
    }
}

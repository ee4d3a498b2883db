package io.rootaccess.operator.guard;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.Conditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The wrong-organization guard. With {@code rootaccess.expected-organization-id} (and optionally
 * {@code rootaccess.expected-management-account-id}) set, every reconciler asks here first: the
 * only AWS call made is organizations:DescribeOrganization (the caller's organization and
 * management account, re-read once per {@link #RECHECK}); when it is another organization, or
 * cannot be read, no reconciler calls AWS and every resource is Stalled with reason {@link
 * ErrorReasons#WRONG_ORGANIZATION} (or {@link ErrorReasons#ORGANIZATION_UNVERIFIED}). Credentials
 * pointed at the wrong organization (a copied kubeconfig, a wrong role ARN, a sandbox profile) then
 * change nothing. Unset, the guard allows everything and calls nothing.
 *
 * <p>The guard writes no status: it contributes a {@link Refusal}, which each kind's status factory
 * turns into its conditions.
 */
@ApplicationScoped
public class OrganizationGuard {
    private static final Logger LOG = Logger.getLogger(OrganizationGuard.class);

    /**
     * How often the organization is read again (a fixed credential is picked up within this time).
     */
    public static final Duration RECHECK = Duration.ofSeconds(30);

    private final OrganizationDirectory directory;
    private final Optional<String> expectedOrganization;
    private final Optional<String> expectedManagement;
    private final Clock clock;
    private volatile Verdict last;

    /** The management account of the organization the guard last read successfully. */
    private volatile String lastManagement;

    private volatile Instant lastAt;

    /** Refusal (reason and message) or allowance. */
    public record Verdict(boolean allowed, String reason, String message) {
        static final Verdict ALLOWED = new Verdict(true, null, null);
    }

    /**
     * What the guard contributes to a pass it stops: a reason from {@link ErrorReasons} and a
     * message, reported by the kind's status factory as Stalled; the pass comes back after {@link
     * #RECHECK}.
     */
    public record Refusal(String reason, String message) {}

    @Inject
    public OrganizationGuard(OrganizationDirectory directory, OperatorConfig config, Clock clock) {
        this(
                directory,
                config.expectedOrganizationId(),
                config.expectedManagementAccountId(),
                clock); // the OperatorClock bean
    }

    public OrganizationGuard(
            OrganizationDirectory directory,
            Optional<String> expectedOrganization,
            Optional<String> expectedManagement,
            Clock clock) {
        this.directory = directory;
        this.expectedOrganization = expectedOrganization.filter(s -> !s.isBlank());
        this.expectedManagement = expectedManagement.filter(s -> !s.isBlank());
        this.clock = clock;
    }

    /**
     * A guard with no expectation: it never refuses and never reads (installs without the setting,
     * tests).
     */
    public static OrganizationGuard unconfigured(Clock clock) {
        return new OrganizationGuard(null, Optional.empty(), Optional.empty(), clock);
    }

    public boolean configured() {
        return expectedOrganization.isPresent() || expectedManagement.isPresent();
    }

    /** The verdict, re-read at most once per {@link #RECHECK}. */
    public Verdict verdict() {
        if (!configured()) {
            return Verdict.ALLOWED;
        }
        Instant now = clock.instant();
        Verdict v = last;
        if (v != null && lastAt != null && lastAt.plus(RECHECK).isAfter(now)) {
            return v;
        }
        synchronized (this) {
            if (last != null && lastAt != null && lastAt.plus(RECHECK).isAfter(clock.instant())) {
                return last;
            }
            v = check();
            if (!v.allowed()) {
                LOG.warnf("organization guard: %s", v.message());
            }
            last = v;
            lastAt = clock.instant();
            return v;
        }
    }

    /**
     * Forgets the last verdict and the management account read: the next pass reads the
     * organization again instead of waiting for {@link #RECHECK} (tests that replace the
     * organization behind the endpoint).
     */
    public synchronized void forget() {
        last = null;
        lastAt = null;
        lastManagement = null;
    }

    private Verdict check() {
        OrganizationInfo org;
        try {
            org = directory.describeOrganization();
        } catch (AwsException e) {
            return new Verdict(
                    false,
                    ErrorReasons.ORGANIZATION_UNVERIFIED,
                    "rootaccess.expected-organization-id is set, and the"
                            + " caller's organization could not be read ("
                            + e.kind()
                            + "): nothing is called until it is"
                            + " verified");
        }
        lastManagement = org.managementAccountId();
        if (expectedOrganization.isPresent() && !expectedOrganization.get().equals(org.id())) {
            return new Verdict(
                    false,
                    ErrorReasons.WRONG_ORGANIZATION,
                    "the operator's credentials see organization "
                            + org.id()
                            + ", and rootaccess.expected-organization-id is "
                            + expectedOrganization.get()
                            + ": nothing is changed or read in it. Fix the credentials (role ARN, profile) or the setting");
        }
        if (expectedManagement.isPresent()
                && !expectedManagement.get().equals(org.managementAccountId())) {
            return new Verdict(
                    false,
                    ErrorReasons.WRONG_ORGANIZATION,
                    "organization "
                            + org.id()
                            + " has management account "
                            + org.managementAccountId()
                            + ", and rootaccess.expected-management-account-id is "
                            + expectedManagement.get()
                            + ": nothing is changed or read in it");
        }
        return Verdict.ALLOWED;
    }

    /**
     * The management account's id when known without a call: the configured expectation (once the
     * guard allows, the organization has it), else the one the guard last read. Empty when the
     * guard is not configured.
     */
    public Optional<String> knownManagementAccountId() {
        return expectedManagement.or(() -> Optional.ofNullable(lastManagement));
    }

    /**
     * Asked first by every reconciler: present when the pass must stop here, before any other AWS
     * call (and come back after {@link #RECHECK}).
     */
    public Optional<Refusal> refusal() {
        Verdict v = verdict();
        return v.allowed() ? Optional.empty() : Optional.of(new Refusal(v.reason(), v.message()));
    }

    /**
     * The account and task kinds' hook until their status factories consume {@link #refusal()}:
     * writes Stalled with the reason on the resource's conditions.
     *
     * @return true when the reconciler must stop here (and come back after {@link #RECHECK})
     * @deprecated a status write outside the factories: use {@link #refusal()}
     */
    @Deprecated
    public boolean refuses(List<Condition> conditions, Long generation) {
        Verdict v = verdict();
        if (v.allowed()) {
            return false;
        }
        new Conditions(clock).stalled(conditions, v.reason(), v.message(), generation);
        return true;
    }
}

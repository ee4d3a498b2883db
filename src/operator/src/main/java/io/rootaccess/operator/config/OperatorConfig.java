package io.rootaccess.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the operator, under the prefix {@code rootaccess}. Environment variables map as
 * usual (ROOTACCESS_AWS_REGION, ROOTACCESS_AUDIT_INTERVAL...). See docs/configuration.md.
 */
@ConfigMapping(prefix = "rootaccess")
public interface OperatorConfig {

    Aws aws();

    /**
     * Default re-audit interval for drift; a resource's spec.rootCredentials.auditInterval
     * overrides it.
     */
    @WithDefault("1h")
    Duration auditInterval();

    /**
     * How often the organization (accounts, OUs, tags) is re-read to pick up new and removed
     * accounts.
     */
    @WithDefault("5m")
    Duration organizationRefreshInterval();

    /**
     * How soon an account pass denied because an organization switch is off (trusted access for
     * IAM, RootCredentialsManagement, RootSessions) is tried again: a policy is often about to
     * switch it on, so sooner than the audit interval.
     */
    @WithDefault("15s")
    Duration featureRecheckInterval();

    /**
     * Organizations has no bulk tag read: tags cost one ListTagsForResource per account. The first
     * read fetches every account's tags; each later refresh fetches new accounts' tags plus at most
     * this many of the longest-unread others, so a 10,000-account organization is not re-tagged
     * every refresh.
     */
    @WithDefault("200")
    int organizationTagReadsPerRefresh();

    /**
     * rootaccess.events.*: the management account's events (EventBridge -> SQS) that trigger
     * re-audits and organization re-reads (docs/events.md). Off unless queue-url is set.
     */
    Events events();

    interface Events {
        /** The SQS queue the EventBridge rule of deploy/events feeds; unset: no event source. */
        Optional<String> queueUrl();

        /**
         * With an event source, how often a Compliant account is audited anyway (the safety net for
         * whatever the events miss): at most one root session per compliant account per this
         * interval. Accounts in any other phase keep rootaccess.audit-interval. A resource's
         * spec.rootCredentials.auditInterval wins over both.
         */
        @WithDefault("24h")
        Duration compliantAuditInterval();

        /** Long polling: how long one ReceiveMessage waits for a message (at most 20 s). */
        @WithDefault("20s")
        Duration waitTime();

        /**
         * How long a received message stays hidden while its reaction runs; it comes back (and is
         * handled again) when the reaction has not finished by then.
         */
        @WithDefault("120s")
        Duration visibilityTimeout();

        /**
         * A message received this many times without being handled is deleted and counted as
         * dropped (rootaccess_events_total{outcome="dropped"}): periodic audits still cover it.
         */
        @WithDefault("5")
        int maxReceives();
    }

    /** rootaccess.organization.*: how the organization reads are kept. */
    Organization organization();

    interface Organization {
        TagCache tagCache();
    }

    interface TagCache {
        /**
         * Keep the account tag reads in a ConfigMap of the operator's namespace, so a restarted
         * operator or a new leader does not read every account's tags again.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * How often the account, policy and task gauges are recounted from the informer caches
     * (docs/metrics.md).
     */
    @WithDefault("10s")
    Duration metricsRefreshInterval();

    /**
     * The organization this operator is meant for (o-...). When set and the credentials see another
     * organization, nothing beyond reading the organization is called and every resource is Stalled
     * (WrongOrganization).
     */
    Optional<String> expectedOrganizationId();

    /** Optionally also the management account id that organization must have. */
    Optional<String> expectedManagementAccountId();

    /**
     * Namespace of the ConfigMaps keeping removed bucket/queue policies; the operator's own when
     * unset.
     */
    Optional<String> removedPolicyNamespace();

    /** How long a removed bucket/queue policy copy is kept. */
    @WithDefault("2160h")
    Duration removedPolicyRetention();

    /** Longest break-glass hold a recovery task may ask for (its spec.duration is capped to it). */
    @WithDefault("24h")
    Duration breakGlassMaxHold();

    /**
     * Accounts no policy, MemberAccountRootState or task ever touches: 12-digit ids, comma
     * separated. An invalid entry stops the operator from starting (see {@link ProtectedAccounts}).
     */
    Optional<List<String>> protectedAccounts();

    /** How many accounts of attention a policy status lists at most. */
    @WithDefault("50")
    int statusListLimit();

    interface Aws {
        /** A concrete region: sts:AssumeRoot needs a regional STS endpoint. */
        @WithDefault("us-east-1")
        String region();

        /**
         * Optional role to assume (from the default credential chain) into the management or
         * delegated-admin account.
         */
        Optional<String> roleArn();

        /**
         * One endpoint for every service (the sandbox, LocalStack). Per-service entries in
         * endpoints win.
         */
        Optional<URI> endpoint();

        /** Per-service endpoint overrides, keyed iam, sts, organizations, s3, sqs. */
        Map<String, URI> endpoints();

        /**
         * Static credentials, for the sandbox only. Unset means the default chain (IRSA, Pod
         * Identity, env).
         */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Requested sts:AssumeRoot session length (AWS allows at most 900 s). */
        @WithDefault("900")
        int sessionDurationSeconds();

        /** A cached root session is renewed when it has less life left than this. */
        @WithDefault("120s")
        Duration sessionRenewBefore();

        /** Timeout of one API call attempt. */
        @WithDefault("10s")
        Duration callTimeout();

        /**
         * Attempts per call (first try included) for throttling and 5xx, with jittered exponential
         * back-off.
         */
        @WithDefault("4")
        int maxAttempts();

        /**
         * Client-side token buckets per API family, shared by every reconciler: organizations-read,
         * organizations-write, iam-features, sts-assume-root, iam-root, s3, sqs. Unlisted families
         * use the defaults built into the aws package (below AWS's published limits).
         */
        Map<String, RateLimit> rateLimits();
    }

    interface RateLimit {
        /** Sustained requests per second. */
        double rate();

        /** Bucket size. */
        int burst();

        /**
         * The highest rate pacing may probe up to while nothing is throttled. Default: 2x the rate
         * for sts-assume-root (AWS publishes no AssumeRoot quota), the rate itself for the other
         * families.
         */
        java.util.Optional<Double> ceiling();

        /**
         * The lowest rate throttling may cut to. Default: half the rate. Throttling that goes on at
         * the floor is retried with back-off and shows in rootaccess_aws_calls_total{outcome=
         * "throttled"} (alert RootAccessAwsThrottling): lower the rate, or this floor.
         */
        java.util.Optional<Double> floor();
    }
}

package io.rootaccess.operator.aws;

/**
 * How an AWS call waits for a rate-limit token, passed with every call (on a {@link RootSession}
 * for the calls made inside it). Background calls (audits of accounts waiting for their rollout
 * turn, periodic re-audits, Audit and DryRun passes) never wait: they take a token only when the
 * bucket has spare tokens beyond a reserve kept for foreground calls (remediation of released
 * accounts, tasks, policies), and are otherwise deferred at once ({@link CallDeferred}, turned into
 * an empty result by {@link Deferral#unlessDeferred}). The reconciler threads are shared by every
 * controller, so a wave of 10,000 audits that slept for tokens would hold all of them and starve
 * the rollout and the policies.
 */
public enum CallPriority {
    /** Waits for a token (up to the pacing limit), using the reserve too. */
    FOREGROUND,
    /** Takes only spare capacity; deferred when there is none. */
    BACKGROUND
}

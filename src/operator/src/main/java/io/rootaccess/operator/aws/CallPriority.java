package io.rootaccess.operator.aws;

/**
 * What a pass asks capacity for ({@link RootSessions#reserve}). Background passes (audits of
 * accounts waiting for their rollout turn, periodic re-audits, Audit and DryRun passes) never wait:
 * they are granted only when the buckets have spare tokens beyond a reserve kept for foreground
 * calls (remediation of released accounts, tasks, policies), and are otherwise {@link
 * Reservation.Deferred} at once, before any call. The reconciler threads are shared by every
 * controller, so a wave of 10,000 audits that slept for tokens would hold all of them and starve
 * the rollout and the policies.
 */
public enum CallPriority {
    /** Waits for tokens (up to the pacing limit), using the reserve too: always granted. */
    FOREGROUND,
    /** Takes only spare capacity; deferred when there is none. */
    BACKGROUND
}

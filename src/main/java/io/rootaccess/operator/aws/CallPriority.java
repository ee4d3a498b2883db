package io.rootaccess.operator.aws;

import io.rootaccess.operator.aws.pacing.ApiRateLimiter;

import java.util.function.Supplier;

/**
 * Background calls (audits of accounts waiting for their rollout turn, periodic re-audits, Audit and DryRun
 * passes) never wait for a rate-limit token: they take one only when the bucket has spare tokens beyond a
 * reserve kept for foreground calls (remediation of released accounts, tasks, policies), and otherwise fail
 * at once with {@link ApiRateLimiter#DEFERRED}. The reconciler threads are shared by every controller, so a wave
 * of 10,000 audits that slept for tokens would hold all of them and starve the rollout and the policies.
 */
public final class CallPriority {
    private static final ThreadLocal<Boolean> BACKGROUND = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private CallPriority() {
    }

    /** Runs {@code work} with every AWS call it makes on this thread in the background class. */
    public static <T> T background(Supplier<T> work) {
        Boolean before = BACKGROUND.get();
        BACKGROUND.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            BACKGROUND.set(before);
        }
    }

    public static boolean isBackground() {
        return BACKGROUND.get();
    }
}

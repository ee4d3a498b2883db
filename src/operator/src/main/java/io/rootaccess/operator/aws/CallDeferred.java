package io.rootaccess.operator.aws;

/**
 * A background call found no spare capacity. Not a failure: it only carries the deferral from the
 * rate limiter out of the call stack to {@link Deferral#unlessDeferred}, which makes it a result;
 * it is deliberately not an {@link AwsException}, so no error handling on the way mistakes it for
 * one.
 */
public final class CallDeferred extends RuntimeException {
    private final String action;

    public CallDeferred(String action, String family) {
        super(
                "no spare "
                        + family
                        + " capacity for a background call to "
                        + action
                        + "; deferred",
                null,
                false,
                false);
        this.action = action;
    }

    public String action() {
        return action;
    }
}

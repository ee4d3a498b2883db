package io.rootaccess.operator.aws;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs work whose AWS calls are {@link CallPriority#BACKGROUND}: empty when one of them was
 * deferred.
 */
public final class Deferral {
    private Deferral() {}

    public static <T> Optional<T> unlessDeferred(Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (CallDeferred deferred) {
            return Optional.empty();
        }
    }
}

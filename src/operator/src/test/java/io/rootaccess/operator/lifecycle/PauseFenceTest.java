package io.rootaccess.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.aws.pacing.Pacing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A leader frozen past its renew deadline (SIGSTOP) halts before its first AWS call after it
 * resumes, whichever thread runs first; time is a fake clock, the halt a recorder.
 */
class PauseFenceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Integer> halts = new ArrayList<>();
    private final PauseFence fence =
            new PauseFence(
                    now::get,
                    code -> {
                        halts.add(code);
                        throw new IllegalStateException("halted"); // halt never returns
                    });

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aLeaderPausedLongerThanItsRenewDeadlineHaltsBeforeTheNextAwsCall() {
        fence.armedForTest(Duration.ofSeconds(6));
        AwsCalls calls =
                new AwsCalls(
                                new ApiRateLimiter(Map.of(), Pacing.SYSTEM),
                                Pacing.SYSTEM,
                                1,
                                Duration.ofSeconds(1))
                        .fencedBy(fence::check);
        AtomicInteger sent = new AtomicInteger();

        advance(Duration.ofSeconds(5)); // a slow moment, within the deadline
        calls.run(ApiFamily.IAM_ROOT, "iam:DeleteLoginProfile", sent::incrementAndGet);
        fence.beat();
        assertEquals(1, sent.get());
        assertEquals(List.of(), halts);

        advance(Duration.ofSeconds(9)); // frozen past the deadline, then resumed
        assertThrows(
                IllegalStateException.class,
                () ->
                        calls.run(
                                ApiFamily.IAM_ROOT,
                                "iam:DeleteLoginProfile",
                                sent::incrementAndGet));
        assertEquals(1, sent.get(), "the resumed leader sent the call");
        assertEquals(List.of(1), halts);
    }

    @Test
    void theHeartbeatHaltsTooAndANonLeaderIsNeverFenced() {
        advance(Duration.ofMinutes(5));
        fence.check(); // not leading (or leader election off): nothing to fence
        assertEquals(List.of(), halts);
        fence.armedForTest(Duration.ofSeconds(6));
        advance(Duration.ofSeconds(7));
        assertThrows(IllegalStateException.class, fence::beat);
        assertEquals(List.of(1), halts);
    }
}

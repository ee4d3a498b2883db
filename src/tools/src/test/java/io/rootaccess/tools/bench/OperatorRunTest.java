package io.rootaccess.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.sandbox.CallLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorRunTest {
    @Test
    void startCallsAreTimedFromTheApplyAndEndFiveCallsAfterTheFirstAssumeRoot() {
        long apply = 1_000_000_000L;
        List<CallLog.Timed> calls = new java.util.ArrayList<>();
        calls.add(new CallLog.Timed(apply - 5, "organizations:DescribeOrganization", "OK"));
        calls.add(new CallLog.Timed(apply + 250_000_000L, "organizations:ListRoots", "OK"));
        calls.add(new CallLog.Timed(apply + 1_500_000_000L, "sts:AssumeRoot", "OK"));
        for (int i = 0; i < 8; i++) {
            calls.add(new CallLog.Timed(apply + 2_000_000_000L + i, "iam:GetLoginProfile", "OK"));
        }
        List<OperatorRun.StartCall> start = OperatorRun.startCalls(calls, apply);
        assertEquals(7, start.size(), "before the apply: left out; after the first AssumeRoot: 5");
        assertEquals(
                new OperatorRun.StartCall(0.25, "organizations:ListRoots", "OK"), start.get(0));
        assertEquals(1.5, start.get(1).seconds());
        assertEquals("sts:AssumeRoot", start.get(1).operation());
    }

    @Test
    void liveHeapIsTheHistogramsTotalBytes() {
        String histogram =
                """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        120000        9600000  [B (java.base@17)
                   2:          4000         128000  java.lang.String (java.base@17)
                Total        124000       52428800
                """;
        assertEquals(52_428_800L, OperatorRun.parseHistogramTotal(histogram));
        assertEquals(-1L, OperatorRun.parseHistogramTotal("12345:\nAttach failed"));
    }

    @Test
    void peakRssIsVmHwmInBytes() {
        String status =
                "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  262144 kB\nVmRSS:\t  200000 kB\n";
        assertEquals(262_144L * 1024, OperatorRun.parseVmHwm(status));
        assertEquals(-1L, OperatorRun.parseVmHwm("Name:\tjava\n"));
    }
}

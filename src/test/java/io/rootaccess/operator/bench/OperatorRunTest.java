package io.rootaccess.operator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OperatorRunTest {
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

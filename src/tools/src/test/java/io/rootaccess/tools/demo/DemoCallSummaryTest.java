package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCallSummaryTest {
    @Test
    void groupsByServiceAndDividesByAccounts() {
        String line =
                DemoMain.callSummary(
                        Map.of(
                                "sts:AssumeRoot",
                                30L,
                                "iam:GetAccountSummary",
                                40L,
                                "iam:DeleteAccessKey",
                                10L,
                                "organizations:ListRoots",
                                2L),
                        20);
        assertEquals(
                "demo: 82 AWS calls (iam 50, organizations 2, sts 30); per account: 1.5 sts:AssumeRoot, 2.5 IAM",
                line);
    }
}

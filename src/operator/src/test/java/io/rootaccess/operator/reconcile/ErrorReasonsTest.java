package io.rootaccess.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AwsErrorKind;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorReasonsTest {
    @Test
    void everyKindHasItsOwnReasonExceptTheTwoTransientOnes() {
        Set<String> reasons = new HashSet<>();
        for (AwsErrorKind kind : AwsErrorKind.values()) {
            String reason = ErrorReasons.of(kind);
            assertTrue(reason.matches("[A-Z][A-Za-z]+"), reason);
            reasons.add(reason);
        }
        assertEquals(AwsErrorKind.values().length - 1, reasons.size());
        assertEquals(
                ErrorReasons.of(AwsErrorKind.TRANSIENT),
                ErrorReasons.of(AwsErrorKind.EXPIRED_SESSION));
        assertEquals("NotManagementAccount", ErrorReasons.of(AwsErrorKind.WRONG_CALLER));
    }
}

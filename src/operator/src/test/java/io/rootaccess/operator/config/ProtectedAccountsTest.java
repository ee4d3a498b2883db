package io.rootaccess.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.Startup;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * rootaccess.protected-accounts: 12-digit ids only; anything else stops the operator from starting
 * (the bean is built at startup) with a message naming the property and the bad entries.
 */
class ProtectedAccountsTest {

    @Test
    void readsTwelveDigitIdsSortedAndIgnoresBlankEntries() {
        ProtectedAccounts p =
                ProtectedAccounts.of(Arrays.asList(" 222222222222", "111111111111", ""));
        assertEquals(List.of("111111111111", "222222222222"), List.copyOf(p.ids()));
        assertTrue(p.contains("222222222222"));
        assertFalse(p.contains("333333333333"));
        assertFalse(p.contains(null));
        assertTrue(ProtectedAccounts.none().isEmpty());
    }

    @Test
    void anInvalidEntryIsRefusedWithTheEntriesAndThePropertyNamed() {
        for (List<String> bad :
                List.of(
                        List.of("12345"),
                        List.of("111111111111", "1111-1111-1111"),
                        List.of("arn:aws:iam::111111111111:root"),
                        List.of("1111111111111"),
                        List.of("abcdefghijkl"))) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ProtectedAccounts.of(bad));
            assertTrue(
                    e.getMessage().startsWith("rootaccess.protected-accounts: "), e.getMessage());
            assertTrue(e.getMessage().contains(bad.get(bad.size() - 1)), e.getMessage());
            assertTrue(e.getMessage().contains("does not start"), e.getMessage());
        }
        assertEquals(Set.of(), ProtectedAccounts.of(List.of()).ids());
    }

    @Test
    void validatedWhenTheOperatorStartsNotAtFirstUse() {
        assertTrue(
                ProtectedAccounts.class.isAnnotationPresent(Startup.class),
                "an invalid list must stop the start, not the first pass that reads it");
    }
}

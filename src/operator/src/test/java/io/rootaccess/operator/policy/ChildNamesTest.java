package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChildNamesTest {
    @Test
    void shortNamesAreAccountDashPolicy() {
        assertEquals("123456789012-org-wide", ChildNames.of("123456789012", "org-wide"));
    }

    @Test
    void longNamesAreCutToAValidUniqueLabel() {
        String base = "a-very-long-policy-name-that-goes-on-and-on-and-on-and-on-x";
        String one = ChildNames.of("123456789012", base + "1");
        String two = ChildNames.of("123456789012", base + "2");
        assertTrue(one.length() <= 63, one);
        assertNotEquals(one, two);
        assertTrue(one.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), one);
        assertTrue(one.startsWith("123456789012-a-very-long"));
    }
}

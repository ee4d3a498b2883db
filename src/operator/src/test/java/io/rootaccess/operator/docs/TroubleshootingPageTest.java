package io.rootaccess.operator.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md has a row for every condition reason the operator's code writes (see
 * ConditionReasons).
 */
class TroubleshootingPageTest {

    @Test
    void everyReasonTheCodeEmitsIsOnThePage() throws Exception {
        Map<String, String> reasons = ConditionReasons.all();
        assertTrue(
                reasons.size() >= 30,
                "the scan finds the reasons (found " + reasons.keySet() + ")");
        String page = Files.readString(Path.of("docs/troubleshooting.md"));
        Map<String, String> missing = new TreeMap<>();
        reasons.forEach(
                (reason, file) -> {
                    if (!page.contains("| `" + reason + "` |")) {
                        missing.put(reason, file);
                    }
                });
        assertTrue(
                missing.isEmpty(),
                "reasons missing from docs/troubleshooting.md (reason=source): " + missing);
    }

    @Test
    void theScanFindsEachShapeOfReason() {
        Map<String, String> reasons = ConditionReasons.all();
        // a REASON_ constant, a literal argument, a mapping method's value
        for (String expected :
                new String[] {
                    "DryRunPlanned", "FeatureNotEnabled", "NotManagementAccount", "Pending"
                }) {
            assertTrue(reasons.containsKey(expected), expected + " not found: " + reasons.keySet());
        }
    }
}

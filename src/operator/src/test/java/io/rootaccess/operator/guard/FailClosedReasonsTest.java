package io.rootaccess.operator.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.policy.PolicyReasons;
import io.rootaccess.operator.task.TaskReasons;
import org.junit.jupiter.api.Test;

/**
 * The guard writes one reason for every kind; each kind's Reasons class names it too, so code and
 * tests of a kind find all its reasons in one place. They must stay the same text.
 */
class FailClosedReasonsTest {
    @Test
    void everyKindNamesTheGuardsReasons() {
        for (String wrong :
                new String[] {
                    PolicyReasons.WRONG_ORGANIZATION,
                    AccountReasons.WRONG_ORGANIZATION,
                    TaskReasons.WRONG_ORGANIZATION
                }) {
            assertEquals(OrganizationGuard.REASON, wrong);
        }
        for (String unverified :
                new String[] {
                    PolicyReasons.ORGANIZATION_UNVERIFIED,
                    AccountReasons.ORGANIZATION_UNVERIFIED,
                    TaskReasons.ORGANIZATION_UNVERIFIED
                }) {
            assertEquals(OrganizationGuard.REASON_UNVERIFIED, unverified);
        }
    }
}

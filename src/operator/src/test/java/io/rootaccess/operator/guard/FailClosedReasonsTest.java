package io.rootaccess.operator.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.task.TaskReasons;
import org.junit.jupiter.api.Test;

/**
 * The guard's reasons are shared by every kind and live once, in ErrorReasons (the policy kind
 * names no copy). A kind that still names them in its own Reasons class must name the same text.
 */
class FailClosedReasonsTest {
    @Test
    void everyKindThatNamesTheGuardsReasonsNamesTheSharedOnes() {
        for (String wrong :
                new String[] {AccountReasons.WRONG_ORGANIZATION, TaskReasons.WRONG_ORGANIZATION}) {
            assertEquals(ErrorReasons.WRONG_ORGANIZATION, wrong);
        }
        for (String unverified :
                new String[] {
                    AccountReasons.ORGANIZATION_UNVERIFIED, TaskReasons.ORGANIZATION_UNVERIFIED
                }) {
            assertEquals(ErrorReasons.ORGANIZATION_UNVERIFIED, unverified);
        }
    }
}

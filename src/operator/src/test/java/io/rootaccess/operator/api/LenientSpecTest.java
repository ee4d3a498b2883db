package io.rootaccess.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.policy.PolicySpecCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored spec the operator cannot read is read as an empty spec marked with the field, the mark
 * survives the SDK's JSON copy, and a readable spec is read and written as before.
 */
class LenientSpecTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static String policy(String spec) {
        return "{\"apiVersion\":\"rootaccess.io/v1alpha1\",\"kind\":\"RootAccessPolicy\","
                + "\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},\"spec\":"
                + spec
                + "}";
    }

    @Test
    void anUnreadableSpecIsMarkedWithItsFieldAndRefused() {
        RootAccessPolicy p =
                JSON.unmarshal(
                        policy(
                                "{\"targets\":{\"accountIds\":[\"111122223333\"]},"
                                        + "\"exclude\":{\"organizationalUnits\":[{\"id\":{\"ou\":1}}]}}"),
                        RootAccessPolicy.class);
        assertTrue(
                p.getSpec().unreadable.startsWith("spec.exclude.organizationalUnits[0].id: "),
                p.getSpec().unreadable);
        assertNull(p.getSpec().targets, "nothing of an unreadable spec is used");
        assertEquals(p.getSpec().unreadable, PolicySpecCheck.problem(p.getSpec()).orElseThrow());
    }

    @Test
    void theMarkSurvivesACopyThroughJson() {
        RootAccessPolicy p =
                JSON.unmarshal(
                        policy("{\"rootCredentials\":{\"credentialTypes\":[{\"a\":1}]}}"),
                        RootAccessPolicy.class);
        RootAccessPolicy copy = JSON.clone(p);
        assertEquals(p.getSpec().unreadable, copy.getSpec().unreadable);
        assertTrue(copy.getSpec().unreadable.startsWith("spec.rootCredentials.credentialTypes[0]"));
    }

    @Test
    void everyKindIsLenient() {
        String meta = "\"metadata\":{\"name\":\"x\",\"namespace\":\"n\"}";
        MemberAccountRootState a =
                JSON.unmarshal(
                        "{\"apiVersion\":\"rootaccess.io/v1alpha1\",\"kind\":\"MemberAccountRootState\","
                                + meta
                                + ",\"spec\":{\"accountId\":[\"111122223333\"]}}",
                        MemberAccountRootState.class);
        assertTrue(a.getSpec().unreadable.startsWith("spec.accountId"), a.getSpec().unreadable);
        PrivilegedRootTask t =
                JSON.unmarshal(
                        "{\"apiVersion\":\"rootaccess.io/v1alpha1\",\"kind\":\"PrivilegedRootTask\","
                                + meta
                                + ",\"spec\":{\"type\":{\"t\":1}}}",
                        PrivilegedRootTask.class);
        assertTrue(t.getSpec().unreadable.startsWith("spec.type"), t.getSpec().unreadable);
    }

    @Test
    void aReadableSpecIsReadAndWrittenAsBefore() {
        RootAccessPolicy p =
                JSON.unmarshal(
                        policy(
                                "{\"targets\":{\"accountIds\":[\"111122223333\"]},"
                                        + "\"exclude\":{\"organizationalUnits\":[\"ou-ab12-abcdefgh\"]}}"),
                        RootAccessPolicy.class);
        assertNull(p.getSpec().unreadable);
        assertEquals(List.of("111122223333"), p.getSpec().targets.accountIds);
        String written = JSON.asJson(p);
        assertTrue(
                written.contains("\"organizationalUnits\":[{\"id\":\"ou-ab12-abcdefgh\"}]"),
                written);
        assertTrue(!written.contains(LenientSpec.MARK), written);
        assertEquals(p.getSpec().targets.accountIds, JSON.clone(p).getSpec().targets.accountIds);
    }
}

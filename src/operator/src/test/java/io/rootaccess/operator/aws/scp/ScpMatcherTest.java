package io.rootaccess.operator.aws.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScpMatcherTest {
    private static final String ACCOUNT = "111122223333";

    private static boolean denies(String doc, String action) {
        return ScpMatcher.denies(doc, ACCOUNT, action).isPresent();
    }

    private static final String DENY_ROOT =
            """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"},
              {"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
               "Condition":{"ArnLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]}}}]}""";

    @Test
    void denyEverythingForRootMatchesAnyActionAndNamesTheStatement() {
        assertEquals(
                "DenyRoot",
                ScpMatcher.denies(DENY_ROOT, ACCOUNT, "iam:GetAccountSummary").orElseThrow().sid());
        assertTrue(denies(DENY_ROOT, "s3:DeleteBucketPolicy"));
    }

    @Test
    void theAssumedRootExemptionLetsRootSessionsThrough() {
        String exempt =
                """
                {"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{
                  "StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"},
                  "Null":{"aws:AssumedRoot":"true"}}}}""";
        assertFalse(denies(exempt, "iam:DeleteLoginProfile"));
        // the inverse ("only root sessions") does apply
        assertTrue(denies(exempt.replace("\"true\"", "\"false\""), "iam:DeleteLoginProfile"));
    }

    @Test
    void principalConditionsThatDoNotCoverRootDoNotMatch() {
        String otherPrincipal =
                """
                {"Statement":{"Effect":"Deny","Action":"*","Resource":"*",
                  "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Ops"}}}}""";
        assertFalse(denies(otherPrincipal, "iam:GetAccountSummary"));
        String exactRoot = otherPrincipal.replace("role/Ops", "root");
        assertTrue(denies(exactRoot, "iam:GetAccountSummary"));
        String otherAccountRoot =
                otherPrincipal.replace("111122223333:role/Ops", "999999999999:root");
        assertFalse(denies(otherAccountRoot, "iam:GetAccountSummary"));
        String exceptRoot =
                """
                {"Statement":{"Effect":"Deny","Action":"*","Resource":"*",
                  "Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}}""";
        assertFalse(denies(exceptRoot, "iam:GetAccountSummary"));
    }

    @Test
    void actionWildcardsAndNotAction() {
        String denyCreate =
                """
                {"Statement":[{"Effect":"Deny","Action":["iam:CreateLoginProfile","iam:Create*Key"],"Resource":"*"}]}""";
        assertTrue(denies(denyCreate, "iam:CreateLoginProfile"));
        assertTrue(denies(denyCreate, "IAM:createaccesskey")); // actions are case-insensitive
        assertFalse(denies(denyCreate, "iam:DeleteLoginProfile"));
        String denyAllBut =
                """
                {"Statement":{"Effect":"Deny","NotAction":["iam:Get*","iam:List*"],"Resource":"*"}}""";
        assertFalse(denies(denyAllBut, "iam:GetAccountSummary"));
        assertTrue(denies(denyAllBut, "iam:DeleteAccessKey"));
        String single =
                """
                {"Statement":{"Effect":"Deny","Action":"iam:Delete?ccessKey","Resource":"*"}}""";
        assertTrue(denies(single, "iam:DeleteAccessKey"));
    }

    @Test
    void allowStatementsAndBrokenDocumentsNeverMatch() {
        assertFalse(
                denies(
                        """
                {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
                        "iam:GetAccountSummary"));
        assertFalse(denies("not json", "iam:GetAccountSummary"));
        assertFalse(denies("{}", "iam:GetAccountSummary"));
    }
}

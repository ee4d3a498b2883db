package io.rootaccess.operator.policy;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * While the first walk of the organization runs, a policy starts nothing until every name in its
 * spec.exclude is known (an exclusion not found yet may protect an account about to be found). The
 * walk may reach an excluded account last; one {@code organizations:DescribeAccount} tells at once
 * that it exists, and an account known to exist is excluded wherever the walk finds it. An account
 * AWS does not know, and an OU, wait for the walk; at its end an unknown one stalls the policy as
 * always ({@link References}).
 */
final class WalkExclusions {
    private static final String ACCOUNT = "account ";

    private final OrganizationDirectory directory;

    /** Account id to whether it is in the organization, as AWS answered. */
    private final Map<String, Boolean> asked = new ConcurrentHashMap<>();

    WalkExclusions(OrganizationDirectory directory) {
        this.directory = directory;
    }

    /** The pass with the exclusions the walk has not found and AWS did not confirm. */
    Evaluation confirm(Evaluation e) {
        Evaluation.Walk walk = e.walk();
        if (walk.complete() || walk.exclusionsNotFound().isEmpty()) {
            return e;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : walk.exclusionsNotFound()) {
            if (!(name.startsWith(ACCOUNT) && asked.computeIfAbsent(name, this::exists))) {
                unknown.add(name);
            }
        }
        return e.withWalk(
                new Evaluation.Walk(
                        false, walk.accountsFound(), walk.unseen(), List.copyOf(unknown)));
    }

    private boolean exists(String name) {
        try {
            directory.describeAccount(name.substring(ACCOUNT.length()));
            return true;
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.NOT_FOUND) {
                return false; // a typo, most likely: the end of the walk will say so
            }
            throw e;
        }
    }
}

package io.rootaccess.operator.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per account, which policy acts on it when several select it. Higher priority wins. At
 * equal priority, policies that want the same state share the account (the first by namespace/name
 * keeps the child, so AWS sees one actor); policies that want different states tie, and nobody acts
 * on the account.
 */
public final class Conflicts {
    private Conflicts() {}

    /** One policy's claim on accounts. {@code key} is namespace/name. */
    public record Claim(String key, int priority, DesiredState desired, Set<String> accounts) {}

    public enum Outcome {
        /** This policy keeps the child. */
        OWN,
        /** A higher-priority policy acts on the account. */
        YIELD,
        /**
         * An equal-priority policy with the same desired state, first by namespace/name, acts on
         * the account.
         */
        SHARED,
        /** Equal priority, different states: nobody acts. */
        TIE
    }

    /**
     * @param others the policies named here (the winners for YIELD and SHARED, the disagreeing ones
     *     for TIE)
     */
    public record Decision(Outcome outcome, List<Claim> others) {
        String othersText() {
            return String.join(
                    ", ",
                    others.stream()
                            .map(
                                    c ->
                                            c.key()
                                                    + " (priority "
                                                    + c.priority()
                                                    + ", wants "
                                                    + c.desired().describe()
                                                    + ")")
                            .toList());
        }
    }

    public static Map<String, Decision> resolve(Claim self, List<Claim> others) {
        Map<String, Decision> decisions = new HashMap<>();
        for (String account : self.accounts()) {
            List<Claim> rivals =
                    others.stream().filter(o -> o.accounts().contains(account)).toList();
            decisions.put(account, decide(self, rivals));
        }
        return decisions;
    }

    static Decision decide(Claim self, List<Claim> rivals) {
        int top = rivals.stream().mapToInt(Claim::priority).max().orElse(Integer.MIN_VALUE);
        if (top > self.priority()) {
            List<Claim> winners =
                    rivals.stream()
                            .filter(r -> r.priority() == top)
                            .sorted(Comparator.comparing(Claim::key))
                            .toList();
            return new Decision(Outcome.YIELD, winners);
        }
        List<Claim> peers = rivals.stream().filter(r -> r.priority() == self.priority()).toList();
        List<Claim> disagreeing =
                peers.stream()
                        .filter(r -> !r.desired().equals(self.desired()))
                        .sorted(Comparator.comparing(Claim::key))
                        .toList();
        if (!disagreeing.isEmpty()) {
            return new Decision(Outcome.TIE, disagreeing);
        }
        List<Claim> firstByName =
                new ArrayList<>(
                        peers.stream()
                                .filter(r -> r.key().compareTo(self.key()) < 0)
                                .sorted(Comparator.comparing(Claim::key))
                                .toList());
        if (!firstByName.isEmpty()) {
            return new Decision(Outcome.SHARED, List.of(firstByName.get(0)));
        }
        return new Decision(Outcome.OWN, List.of());
    }
}

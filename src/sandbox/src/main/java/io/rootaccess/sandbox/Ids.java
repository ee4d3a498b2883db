package io.rootaccess.sandbox;

import java.util.Random;

/** Reproducible AWS-shaped identifiers (seeded). Synchronized: one generator per sandbox. */
final class Ids {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private final Random random;

    Ids(long seed) {
        this.random = new Random(seed);
    }

    synchronized String upper(int n) {
        return pick(UPPER, n);
    }

    synchronized String lower(int n) {
        return pick(LOWER, n);
    }

    synchronized String secret(int n) {
        return pick(SECRET, n);
    }

    synchronized String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        b.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String pick(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}

package io.rootaccess.tools.lab;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds any of many secrets (the sandbox's secret keys and session tokens, 40+ characters of
 * [A-Za-z0-9+/]) in large texts (operator logs) in one pass: only runs of secret characters at
 * least as long as the shortest secret are looked at, through an index of the secrets' first
 * characters, instead of one {@code contains} per secret over megabytes of log.
 */
public final class SecretScanner {
    private static final int PREFIX = 20;
    private final Map<String, List<String>> byPrefix = new HashMap<>();
    private final int shortest;

    public SecretScanner(Collection<String> secrets) {
        int min = Integer.MAX_VALUE;
        for (String s : secrets) {
            if (s.length() < PREFIX) {
                throw new IllegalArgumentException("secret shorter than " + PREFIX + " characters");
            }
            byPrefix.computeIfAbsent(s.substring(0, PREFIX), k -> new ArrayList<>(1)).add(s);
            min = Math.min(min, s.length());
        }
        shortest = min;
    }

    /** The secrets the text holds (empty when none). */
    public Set<String> find(CharSequence text) {
        Set<String> found = new HashSet<>();
        if (byPrefix.isEmpty()) {
            return found;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!secretChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && secretChar(text.charAt(i))) {
                i++;
            }
            if (i - start >= shortest) {
                findInRun(text.subSequence(start, i).toString(), found);
            }
        }
        return found;
    }

    private void findInRun(String run, Set<String> found) {
        for (int at = 0; at + shortest <= run.length(); at++) {
            List<String> candidates = byPrefix.get(run.substring(at, at + PREFIX));
            if (candidates != null) {
                for (String s : candidates) {
                    if (run.startsWith(s, at)) {
                        found.add(s);
                    }
                }
            }
        }
    }

    private static boolean secretChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/';
    }
}

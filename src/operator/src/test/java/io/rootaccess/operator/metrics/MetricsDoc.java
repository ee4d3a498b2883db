package io.rootaccess.operator.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric families docs/metrics.md lists: the first backticked name of each table row. */
final class MetricsDoc {
    static final Path DOC = Path.of(System.getProperty("repo.root", ""), "docs", "metrics.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_:]+)`(.*)$");

    private MetricsDoc() {}

    static Set<String> documented() {
        return rows(false);
    }

    /**
     * Rows marked "(once it happens)": JOSDK creates these series only at the first failure, retry
     * or deletion.
     */
    static Set<String> onlyOnceItHappens() {
        return rows(true);
    }

    /** Every rootaccess_* / operator_sdk_* name in a rule file or dashboard. */
    static Set<String> metricsNamedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:rootaccess|operator_sdk)_[a-z_]+)\\b").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> rows(boolean onlyOnceItHappens) {
        Set<String> names = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(DOC)) {
                Matcher m = ROW.matcher(line);
                if (m.matches()
                        && (!onlyOnceItHappens || m.group(2).contains("(once it happens"))) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}

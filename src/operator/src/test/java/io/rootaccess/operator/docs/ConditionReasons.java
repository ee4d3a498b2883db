package io.rootaccess.operator.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every condition reason the operator can write, found in its sources (not a hand-kept list, so a
 * new reason cannot be forgotten):
 *
 * <ul>
 *   <li>every String constant of a class whose name contains "Reasons" (where reasons live per
 *       kind), and every constant named REASON_* anywhere;
 *   <li>a literal passed right after the conditions list or the generation, the shape of every
 *       Conditions/recorder call ({@code conditions.ready(st.conditions, "Pending", ...)}, {@code
 *       recorder.failed(st, gen, "FeatureNotEnabled", ...)});
 *   <li>the literals a {@code reason*(...)} mapping method returns ({@code case WRONG_CALLER ->
 *       "WrongCaller"});
 *   <li>any CamelCase literal of two words or more passed as a leading argument or picked by a
 *       conditional ({@code refuse("NotInOrganization", ...)}, {@code ? "AuditOnly" :
 *       "MatchesDesiredState"}), outside log lines.
 * </ul>
 *
 * Only the packages that write status are read (policy, account, task, status and the like): the
 * aws package holds AWS error codes, not reasons; the sandbox, the demo and the chaos harness are
 * not the operator.
 */
final class ConditionReasons {
    static final Path MAIN = Path.of("src/operator/src/main/java/io/rootaccess/operator");
    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([A-Z][A-Za-z0-9]+)\"");
    private static final Pattern ARGUMENT =
            Pattern.compile("(?:conditions|gen|generation)\\s*,\\s*\"([A-Z][A-Za-z0-9]+)\"");
    private static final Pattern CAMEL_ARGUMENT =
            Pattern.compile(
                    "(?:^\\s*|[(?:,]\\s*)\"([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\"(?=\\s*[,:);])");
    private static final Pattern MAPPING_METHOD =
            Pattern.compile(
                    "^\\s*(?:private|public|protected|static|\\s)*\\s*String\\s+(reason\\w*)\\s*\\(");
    private static final Pattern ARROW = Pattern.compile("->\\s*\"([A-Z][A-Za-z0-9]+)\"");
    private static final Pattern METHOD_START =
            Pattern.compile(
                    "^ {4}(?! )(?:private|public|protected|static|final|\\s)*[\\w<>,\\[\\]\\s]+\\s+\\w+\\s*\\([^;]*$");

    private ConditionReasons() {}

    /** Reason -> the first source file that writes it. */
    static Map<String, String> all() {
        Map<String, String> reasons = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(file).toString();
                if (rel.startsWith("sandbox")
                        || rel.startsWith("demo")
                        || rel.startsWith("chaos")
                        || rel.startsWith("aws")
                        || rel.startsWith("api")
                        || rel.startsWith("metrics")
                        || rel.startsWith("logging")
                        || rel.startsWith("packaging")) {
                    continue;
                }
                boolean reasonsClass = file.getFileName().toString().contains("Reasons");
                boolean inMapping = false;
                for (String line : Files.readAllLines(file)) {
                    Matcher c = CONSTANT.matcher(line);
                    if (c.find() && (reasonsClass || c.group(1).startsWith("REASON_"))) {
                        reasons.putIfAbsent(c.group(2), rel);
                    }
                    Matcher a = ARGUMENT.matcher(line);
                    while (a.find()) {
                        reasons.putIfAbsent(a.group(1), rel);
                    }
                    if (!line.contains("LOG.")
                            && !line.contains("Exception(")
                            && !line.contains(".equals(")) {
                        Matcher camel = CAMEL_ARGUMENT.matcher(line);
                        while (camel.find()) {
                            reasons.putIfAbsent(camel.group(1), rel);
                        }
                    }
                    if (MAPPING_METHOD.matcher(line).find()) {
                        inMapping = true;
                    } else if (METHOD_START.matcher(line).find()) {
                        inMapping = false;
                    }
                    if (inMapping
                            || reasonsClass) { // a Reasons class's mappings (ErrorReasons.of) are
                        // reasons too
                        Matcher m = ARROW.matcher(line);
                        while (m.find()) {
                            reasons.putIfAbsent(m.group(1), rel);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reasons;
    }
}

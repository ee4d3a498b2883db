package io.rootaccess.operator.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain packages (one per kind, plus the read model they share) depend on each other in one
 * direction only: a cycle means a change to one kind can break another that it should not know of.
 * Read from the import statements (and fully qualified references) of the main sources.
 */
class DomainPackageCyclesTest {
    static final Path MAIN =
            Path.of(System.getProperty("repo.root", ""))
                    .toAbsolutePath()
                    .resolve("src/operator/src/main/java/io/rootaccess/operator");
    static final Set<String> DOMAIN = Set.of("account", "task", "policy", "holds");
    static final Pattern REFERENCE = Pattern.compile("io\\.rootaccess\\.operator\\.([a-z]+)\\.");

    static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String pkg : DOMAIN) {
            Set<String> uses = new TreeSet<>();
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = REFERENCE.matcher(Files.readString(f));
                    while (m.find()) {
                        if (DOMAIN.contains(m.group(1)) && !m.group(1).equals(pkg)) {
                            uses.add(m.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            deps.put(pkg, uses);
        }
        return deps;
    }

    /** Every cycle as a path "a -> b -> a"; empty when the graph is acyclic. */
    static List<String> cycles(Map<String, Set<String>> deps) {
        List<String> found = new ArrayList<>();
        for (String start : deps.keySet()) {
            walk(deps, start, new ArrayList<>(List.of(start)), found);
        }
        return found;
    }

    private static void walk(
            Map<String, Set<String>> deps, String at, List<String> path, List<String> found) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                found.add(String.join(" -> ", path) + " -> " + next);
            } else if (!path.contains(next) && next.compareTo(path.get(0)) > 0) {
                path.add(next);
                walk(deps, next, path, found);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void theDomainPackagesHaveNoImportCycle() {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.get("task").contains("holds"), "the scan reads the sources: " + deps);
        assertEquals(List.of(), cycles(deps), "import cycles between domain packages " + deps);
    }

    @Test
    void theCycleFinderFindsACycle() {
        assertEquals(
                List.of("account -> task -> account"),
                cycles(Map.of("account", Set.of("task"), "task", Set.of("account"))));
        assertEquals(
                List.of("account -> policy -> task -> account"),
                cycles(
                        Map.of(
                                "account", Set.of("policy"),
                                "policy", Set.of("task"),
                                "task", Set.of("account"))));
    }
}

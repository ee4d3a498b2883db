package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.task.TaskPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health-check cases (run by `make lua-test`) keep up with the API: every phase of the
 * account and task kinds has a case, and every kind with a health.lua has cases. A new phase
 * without a case fails here, before Argo CD shows it as Progressing forever.
 */
class LuaCasesCoverageTest {

    private static final Path CASES = Repo.ROOT.resolve("src/operator/src/test/lua/cases");

    @Test
    void everyAccountPhaseHasACase() throws IOException {
        assertEquals(names(AccountPhase.values()), phasesIn("MemberAccountRootState"));
    }

    @Test
    void everyTaskPhaseHasACase() throws IOException {
        assertEquals(names(TaskPhase.values()), phasesIn("PrivilegedRootTask"));
    }

    @Test
    void everyHealthCheckHasCases() throws IOException {
        try (Stream<Path> scripts = Files.walk(Repo.DEPLOY.resolve("argocd"))) {
            List<Path> found =
                    scripts.filter(p -> p.getFileName().toString().equals("health.lua")).toList();
            assertEquals(3, found.size(), "one health.lua per kind");
            for (Path script : found) {
                String kind = script.getParent().getFileName().toString();
                assertTrue(cases(kind).size() >= 5, kind + " has too few cases in " + CASES);
            }
        }
    }

    private static Set<String> phasesIn(String kind) throws IOException {
        Set<String> phases = new TreeSet<>();
        for (Path file : cases(kind)) {
            JsonNode phase = Repo.yaml(Repo.read(file)).at("/object/status/phase");
            if (!phase.isMissingNode()) {
                phases.add(phase.asText());
            }
        }
        return phases;
    }

    private static List<Path> cases(String kind) throws IOException {
        Path dir = CASES.resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}

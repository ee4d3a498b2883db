package io.rootaccess.operator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is the oracle the operator is tested against, so it must not share code with it: no
 * class of the sandbox package may name another io.rootaccess.operator package, in its source or in
 * its bytecode.
 */
class SandboxIndependenceTest {
    static final Path MAIN = Path.of("src/main/java");
    static final Path SANDBOX_SOURCES = MAIN.resolve("io/rootaccess/operator/sandbox");

    /**
     * io.rootaccess.operator.X for any X but sandbox, also spelled with whitespace or as a wildcard
     * import.
     */
    static final Pattern OTHER_PACKAGE =
            Pattern.compile(
                    "\\bio\\s*\\.\\s*rootaccess\\s*\\.\\s*operator\\s*(?:\\.\\s*(?!sandbox\\b)[\\w*]+|\\s*;)");

    static final Pattern OTHER_PACKAGE_BINARY =
            Pattern.compile("io/rootaccess/operator/(?!sandbox/)[\\w$]+");

    @Test
    void sandboxSourcesNameNoOtherOperatorPackage() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : javaFiles(SANDBOX_SOURCES)) {
            String code = withoutComments(Files.readString(file));
            Matcher m = OTHER_PACKAGE.matcher(code);
            while (m.find()) {
                offences.add(file + ": " + m.group());
            }
            Matcher pkg =
                    Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE)
                            .matcher(code);
            assertTrue(pkg.find(), file + " has no package declaration");
            if (!pkg.group(1).equals("io.rootaccess.operator.sandbox")
                    && !pkg.group(1).startsWith("io.rootaccess.operator.sandbox.")) {
                offences.add(file + ": declares package " + pkg.group(1));
            }
        }
        assertTrue(offences.isEmpty(), "the sandbox refers to the operator: " + offences);
    }

    /**
     * Operator code cannot hide in the sandbox package by declaring its package name from
     * elsewhere.
     */
    @Test
    void noOtherSourceDeclaresTheSandboxPackage() throws IOException {
        Pattern declares =
                Pattern.compile(
                        "^\\s*package\\s+io\\.rootaccess\\.operator\\.sandbox\\b",
                        Pattern.MULTILINE);
        List<String> strays = new ArrayList<>();
        for (Path file : javaFiles(MAIN)) {
            if (!file.startsWith(SANDBOX_SOURCES)
                    && declares.matcher(withoutComments(Files.readString(file))).find()) {
                strays.add(file.toString());
            }
        }
        assertEquals(List.of(), strays);
    }

    /**
     * Whatever the source says, the compiled classes (nested and synthetic ones too) reference no
     * operator class.
     */
    @Test
    void sandboxBytecodeReferencesNoOtherOperatorPackage() throws IOException, URISyntaxException {
        Path classes = Path.of(Sandbox.class.getResource("Sandbox.class").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(
                files.size() > 20, "found only " + files.size() + " sandbox classes in " + classes);
        List<String> offences = new ArrayList<>();
        for (Path f : files) {
            // Class names sit in the constant pool as modified UTF-8: ASCII for these names.
            Matcher m =
                    OTHER_PACKAGE_BINARY.matcher(
                            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                offences.add(classes.relativize(f) + ": " + m.group());
            }
        }
        assertTrue(offences.isEmpty(), "sandbox classes reference the operator: " + offences);
    }

    @Test
    void theScannersCatchWhatTheyAreFor() {
        assertTrue(OTHER_PACKAGE.matcher("import io.rootaccess.operator.aws.TaskPolicy;").find());
        assertTrue(
                OTHER_PACKAGE
                        .matcher("x = io.rootaccess.operator.aws.sub.TaskPolicy.AUDIT;")
                        .find());
        assertTrue(OTHER_PACKAGE.matcher("import io . rootaccess.operator .config.X;").find());
        assertTrue(OTHER_PACKAGE.matcher("import io.rootaccess.operator.*;").find());
        assertTrue(
                OTHER_PACKAGE
                        .matcher("import static io.rootaccess.operator.aws.TaskPolicy.*;")
                        .find());
        assertFalse(OTHER_PACKAGE.matcher("import io.rootaccess.operator.sandbox.Sandbox;").find());
        assertFalse(
                OTHER_PACKAGE
                        .matcher(
                                withoutComments(
                                        "// see io.rootaccess.operator.aws.TaskPolicy\nclass A {}"))
                        .find());
        assertTrue(OTHER_PACKAGE_BINARY.matcher("Lio/rootaccess/operator/aws/TaskPolicy;").find());
        assertFalse(
                OTHER_PACKAGE_BINARY.matcher("Lio/rootaccess/operator/sandbox/Sandbox$1;").find());
    }

    static List<Path> javaFiles(Path dir) throws IOException {
        assertTrue(
                Files.isDirectory(dir),
                dir.toAbsolutePath() + " (run the tests from the project directory)");
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    /**
     * Drops comments (a name in a comment is no dependency); string literals stay, a reflective
     * name is one.
     */
    static String withoutComments(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        while (i < java.length()) {
            char c = java.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < java.length() && java.charAt(end) != c) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(java, i, Math.min(java.length(), end + 1));
                i = end + 1;
            } else if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                i = end < 0 ? java.length() : end;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? java.length() : end + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}

package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example in compiler-core's module javadoc is {@link AgentExample}'s code between {@code // tag::overview[]}
 * and {@code // end::overview[]}, character for character: the published example is code that compiles and runs
 * (on Java 17 javadoc has no {@code {@snippet}} to include it). On a mismatch the message holds the javadoc block to
 * paste.
 */
class OverviewExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("hostwall.root", ".."));
    private static final Path EXAMPLE = ROOT.resolve("examples/src/main/java/io/hostwall/examples/AgentExample.java");
    private static final Path MODULE_DOC = ROOT.resolve("compiler-core/src/main/java/module-info.java");

    @Test
    void theModuleJavadocShowsTheAgentExampleAsItCompiles() throws IOException {
        List<String> example = taggedRegion(Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8));
        List<String> documented = preCodeBlock(Files.readAllLines(MODULE_DOC, StandardCharsets.UTF_8));
        // A javadoc {@code} block cannot hold "*/" and must keep its braces balanced; the example must not need them.
        assertFalse(String.join("\n", example).contains("*/"), "the example region cannot contain */");
        assertEquals(String.join("\n", asJavadoc(example)), String.join("\n", asJavadoc(documented)),
                "compiler-core/src/main/java/module-info.java must show AgentExample's tagged region; paste:\n"
                        + String.join("\n", asJavadoc(example)));
    }

    /** The lines strictly between the tags, without their common indentation. */
    private static List<String> taggedRegion(List<String> lines) {
        int start = indexOf(lines, "// tag::overview[]", EXAMPLE);
        int end = indexOf(lines, "// end::overview[]", EXAMPLE);
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : region) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return out;
    }

    /** The lines of the {@code <pre>{@code ... }</pre>} block, without the comment's {@code " * "} margin. */
    private static List<String> preCodeBlock(List<String> lines) {
        int start = indexOf(lines, "* <pre>{@code", MODULE_DOC);
        int end = indexOf(lines, "* }</pre>", MODULE_DOC);
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(start + 1, end)) {
            String s = l.strip().equals("*") ? "" : l.replaceFirst("^\\s*\\* ", "");
            out.add(s);
        }
        return out;
    }

    private static int indexOf(List<String> lines, String marker, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line " + marker);
    }

    private static List<String> asJavadoc(List<String> code) {
        return code.stream().map(l -> (" * " + l).stripTrailing()).toList();
    }
}

package io.hostwall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.explain.Explanation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is code that compiles (it is {@link ReadmeExample}) and does what the README says. */
class ReadmeExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("hostwall.root", ".."));

    @Test
    void theReadmeShowsTheExampleAsItCompiles() throws Exception {
        List<String> source = Files.readAllLines(
                ROOT.resolve("examples/src/main/java/io/hostwall/examples/ReadmeExample.java"), StandardCharsets.UTF_8);
        List<String> region = source.subList(index(source, "// tag::readme[]") + 1, index(source, "// end::readme[]"));
        List<String> example = new ArrayList<>();
        for (String l : region) {
            example.add(l.isBlank() ? "" : l.substring(8));
        }
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int section = index(readme, "## Use it from Java");
        int start = readme.subList(section, readme.size()).indexOf("```java") + section + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        assertEquals(String.join("\n", example), String.join("\n", readme.subList(start, end)),
                "README.md's Java block under 'Use it from Java' must be ReadmeExample's tagged region");
    }

    @Test
    void itCompilesTheTutorialWritesTheScriptAndExplainsSsh(@TempDir Path dir) throws Exception {
        List<Path> tutorial;
        try (var files = Files.list(ROOT.resolve("examples/protect-hosts"))) {
            tutorial = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        Explanation why = ReadmeExample.run(tutorial, dir);
        // SSH is a failsafe port: open from anywhere even though the tutorial drops other ingress.
        assertEquals(Verdict.ALLOW, why.verdict());
        assertTrue(why.agree());
        assertTrue(why.decidedBy().contains("failsafe"), why.decidedBy());
        assertTrue(Files.readString(dir.resolve("node1.nft")).contains("table inet hostwall"));
    }

    private static int index(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line " + marker);
    }
}

package io.hostwall.model.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hostwall.model.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading on the reader thread hands documents and problems over in the order they were read, across many
 * hand-overs, and a handler's failure stops reading where it stopped it when the handler ran on the reader's thread.
 */
class ReadAheadTest {
    private static List<String> read(String text, Consumer<ManifestReader.Document> sink) {
        List<Problem> problems = new ArrayList<>();
        ManifestReader.read(new StringReader(text), ManifestReader.Format.YAML, new ProblemReport("t.yaml", problems),
                new LoadBudget(), 1 << 24, sink);
        return problems.stream().map(Problem::toString).toList();
    }

    /** Documents {@code 0..n-1}; every seventh has a duplicate key, the last is cut by a syntax error. */
    private static String documents(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("---\ni: ").append(i).append('\n');
            if (i % 7 == 0) {
                sb.append("i: again\n");
            }
        }
        return sb.append("---\na: [\n").toString();
    }

    @Test
    void documentsAndProblemsComeInReadingOrder() {
        int n = ReadAhead.BATCH * ReadAhead.BATCHES_AHEAD * 3 + 5;
        List<String> seen = new ArrayList<>();
        List<String> problems = read(documents(n), d -> {
            seen.add(((ManifestNode.Scalar) ((ManifestNode.Mapping) d.root()).entries().get("i").value()).text());
            seen.add("problems " + d.problems().size());
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(Integer.toString(i));
            expected.add("problems " + (i % 7 == 0 ? 1 : 0));
        }
        assertEquals(expected, seen);
        assertEquals(1, problems.size());
        assertEquals(true, problems.get(0).contains("YAML syntax error"), problems.get(0));
    }

    @Test
    void aFailingHandlerStopsReadingAfterItsDocument() {
        List<String> seen = new ArrayList<>();
        List<String> problems = read(documents(200), d -> {
            String i = ((ManifestNode.Scalar) ((ManifestNode.Mapping) d.root()).entries().get("i").value()).text();
            seen.add(i);
            if (i.equals("70")) {
                throw new IllegalStateException("handler failed");
            }
        });
        assertEquals(71, seen.size());
        // Document 70's own duplicate key again without the resource, then the failure at its last line.
        int line = 70 * 2 + 10 + 3;
        assertEquals(List.of("t.yaml:" + line + ": i: duplicate key \"i\" (first at line " + (line - 1) + ")",
                "t.yaml:" + line + ": YAML syntax error: handler failed"), problems);
    }

    @Test
    void anErrorInTheHandlerIsRethrownOnTheCallersThread() {
        assertThrows(StackOverflowError.class, () -> read(documents(100), d -> {
            throw new StackOverflowError();
        }));
    }
}

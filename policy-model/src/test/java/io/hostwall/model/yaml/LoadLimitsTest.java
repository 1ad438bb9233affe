package io.hostwall.model.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.model.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits across documents and per source, with small limits so that the tests stay fast. */
class LoadLimitsTest {
    private static List<String> read(String text, LoadBudget budget, long maxSourceBytes, List<Object> documents) {
        List<Problem> problems = new ArrayList<>();
        ManifestReader.read(new StringReader(text), ManifestReader.Format.YAML, new ProblemReport("t.yaml", problems),
                budget, maxSourceBytes, documents::add);
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void documentsPerLoadAreCountedAcrossSources() {
        LoadBudget budget = new LoadBudget(3, 1 << 20);
        List<Object> documents = new ArrayList<>();
        assertEquals(List.of(), read("a: 1\n---\nb: 2\n", budget, 1000, documents));
        // Empty documents are not counted.
        assertEquals(List.of("t.yaml:5: more than 3 documents in one load"),
                read("---\n---\nc: 3\n---\nd: 4\n---\ne: 5\n", budget, 1000, documents));
        assertEquals(3, documents.size());
    }

    @Test
    void bytesPerLoadAreCountedAcrossSources() {
        LoadBudget budget = new LoadBudget(100, 2048);
        String text = "a: " + "x ".repeat(600) + "\n";
        assertEquals(List.of(), read(text, budget, 10_000, new ArrayList<>()));
        assertEquals(List.of("t.yaml:1: the sources of one load are larger than 2 KiB together"),
                read(text, budget, 10_000, new ArrayList<>()));
    }

    @Test
    void bytesPerSourceAreCountedWhileReading() {
        String text = "a: " + "x ".repeat(600) + "\n";
        assertEquals(List.of("t.yaml:1: the source is larger than 1000 bytes; split it into several files"),
                read(text, new LoadBudget(), 1000, new ArrayList<>()));
        assertEquals(List.of(), read(text, new LoadBudget(), 1300, new ArrayList<>()));
    }
}

package io.hostwall.selector;

import static io.hostwall.selector.ConformanceVectors.labels;
import static io.hostwall.selector.ConformanceVectors.list;
import static io.hostwall.selector.ConformanceVectors.name;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of {@code shared/conformance/selectors.json}, one named test each. The vectors were
 * produced by running Calico's own selector code, so passing them all is the definition of
 * "the same language as Calico".
 */
class SelectorConformanceTest {

    /** The sizes selector-semantics.md §10 documents; a truncated file must not pass. */
    @Test
    void fileHoldsEveryDocumentedVector() {
        assertAll(
                () -> assertEquals(98, list("match").size(), "match"),
                () -> assertEquals(48, list("match").stream().filter(v -> v.path("matches").asBoolean()).count(),
                        "match vectors that must match"),
                () -> assertEquals(44, list("invalid").size(), "invalid"),
                () -> assertEquals(128, list("canonical").size(), "canonical"),
                () -> assertEquals(5, list("uid").size(), "uid"),
                () -> assertEquals(42, list("supplementary", "match").size(), "supplementary.match"),
                () -> assertEquals(47, list("supplementary", "invalid").size(), "supplementary.invalid"),
                () -> assertEquals(77, list("supplementary", "canonical").size(), "supplementary.canonical"));
    }

    @TestFactory
    Stream<DynamicTest> match() {
        return matchTests(list("match"), 98);
    }

    @TestFactory
    Stream<DynamicTest> supplementaryMatch() {
        return matchTests(list("supplementary", "match"), 42);
    }

    @TestFactory
    Stream<DynamicTest> invalid() {
        return invalidTests(list("invalid"), 44);
    }

    @TestFactory
    Stream<DynamicTest> supplementaryInvalid() {
        return invalidTests(list("supplementary", "invalid"), 47);
    }

    @TestFactory
    Stream<DynamicTest> canonical() {
        List<JsonNode> vectors = sized(list("canonical"), 128);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            String selector = vectors.get(i).path("selector").asText();
            String canonical = vectors.get(i).path("canonical").asText();
            tests.add(dynamicTest(name(i, selector), () -> {
                assertEquals(canonical, Selector.parse(selector).toString());
                // The file says every value here is a fixed point.
                assertEquals(canonical, Selector.parse(canonical).toString(), "canonical form is a fixed point");
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> supplementaryCanonical() {
        List<JsonNode> vectors = sized(list("supplementary", "canonical"), 77);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            String selector = v.path("selector").asText();
            tests.add(dynamicTest(name(i, selector), () -> {
                Selector parsed = Selector.parse(selector);
                Selector again = Selector.parse(parsed.toString());
                assertAll(
                        () -> assertEquals(v.path("canonical").asText(), parsed.toString(), "canonical"),
                        () -> assertEquals(v.path("canonical_of_canonical").asText(), again.toString(),
                                "canonical_of_canonical"),
                        () -> assertEquals(v.path("uid").asText(), parsed.uniqueId(), "uid"));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> uid() {
        List<JsonNode> vectors = sized(list("uid"), 5);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            String selector = vectors.get(i).path("selector").asText();
            String uid = vectors.get(i).path("uid").asText();
            tests.add(dynamicTest(name(i, selector), () -> assertEquals(uid, Selector.parse(selector).uniqueId())));
        }
        return tests.stream();
    }

    private static Stream<DynamicTest> matchTests(List<JsonNode> vectors, int expectedCount) {
        sized(vectors, expectedCount);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            String selector = v.path("selector").asText();
            Map<String, String> labels = labels(v);
            boolean expected = v.path("matches").asBoolean();
            tests.add(dynamicTest(name(i, selector) + " " + labels + " -> " + expected, () -> {
                Selector parsed = Selector.parse(selector);
                assertEquals(expected, parsed.matches(labels));
                // Calico's test re-parses String() and expects the same answer.
                assertEquals(expected, Selector.parse(parsed.toString()).matches(labels), "canonical form");
            }));
        }
        return tests.stream();
    }

    private static Stream<DynamicTest> invalidTests(List<JsonNode> vectors, int expectedCount) {
        sized(vectors, expectedCount);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            String selector = vectors.get(i).asText();
            tests.add(dynamicTest(name(i, selector), () -> {
                SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse(selector));
                assertTrue(e.position() >= 0 && e.position() <= selector.length(), "position " + e.position());
                assertTrue(e.getMessage().contains("offset " + e.position()), e.getMessage());
            }));
        }
        return tests.stream();
    }

    private static List<JsonNode> sized(List<JsonNode> vectors, int expected) {
        assertEquals(expected, vectors.size(), "number of vectors");
        return vectors;
    }
}

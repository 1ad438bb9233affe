package io.hostwall.model;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code shared/conformance/validation.json} (Calico's validator verdicts): a valid manifest loads
 * without problems; an invalid one is refused with a problem on the field its reason names. Each manifest is loaded
 * twice, as JSON and as YAML, and both must give the same problems. The file is found through {@code hostwall.root}
 * ({@code <root>/../shared/conformance/validation.json}); a missing file fails, and the case count is checked so a
 * truncated file cannot pass.
 */
class ValidationConformanceTest {
    private static final String RELATIVE = "conformance/validation.json";
    private static final int CASES = 375;
    private static final int VALID = 163;
    private static final Pattern INVALID = Pattern.compile("invalid[.:] ");
    private static final Pattern FIELD_PATH = Pattern.compile("(metadata|spec)(\\.[A-Za-z]+|\\[[^\\]]*\\])*");
    /**
     * Reasons that name no field path in the "invalid. field: why" form. Each entry lists the fields its prose names;
     * all of them must have a problem.
     */
    private static final Map<String, List<String>> FIELDS_IN_PROSE = Map.of(
            "crd402-default-tier-wrong-order-and-action", List.of("spec.order", "spec.defaultAction"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        JsonNode root = JSON.readTree(RepositoryFiles.shared(RELATIVE).toFile());
        List<JsonNode> cases = StreamSupport.stream(root.get("cases").spliterator(), false).toList();
        assertEquals(CASES, cases.size(), "the vector file is incomplete");
        assertEquals(VALID, cases.stream().filter(c -> c.get("valid").asBoolean()).count(), "valid cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }

    private static void check(JsonNode c) throws IOException {
        String id = c.get("id").asText();
        String rawReason = c.get("reason").asText();
        String reason = id + ": " + rawReason;
        List<Problem> asJson = problems(id + ".json", JSON.writeValueAsString(c.get("manifest")));
        List<Problem> asYaml = problems(id + ".yaml", YAML.writeValueAsString(c.get("manifest")));
        assertEquals(summary(asJson), summary(asYaml), "JSON and YAML forms disagree");
        if (c.get("valid").asBoolean()) {
            assertTrue(asJson.isEmpty(), () -> "valid case refused: " + reason + "\n  problems: " + asJson);
            return;
        }
        assertFalse(asJson.isEmpty(), () -> "invalid case accepted: " + reason);
        List<String> prose = FIELDS_IN_PROSE.get(id);
        if (prose != null) {
            for (String field : prose) {
                assertTrue(asJson.stream().anyMatch(p -> names(p.field(), field)),
                        () -> "no problem on " + field + "; reason: " + reason + "\n  problems: " + asJson);
            }
            return;
        }
        List<String> expected = expectedFields(rawReason);
        assertFalse(expected.isEmpty(), () -> "the reason names no field: " + reason);
        assertTrue(asJson.stream().anyMatch(p -> expected.stream().anyMatch(f -> names(p.field(), f))),
                () -> "no problem on " + expected + "; reason: " + reason + "\n  problems: " + asJson);
    }

    /** The field paths after "invalid. " / "invalid: ", one per "; "-separated clause that starts with one. */
    static List<String> expectedFields(String reason) {
        Matcher m = INVALID.matcher(reason);
        while (m.find()) {
            List<String> paths = new ArrayList<>();
            for (String clause : reason.substring(m.end()).split("; ")) {
                Matcher path = FIELD_PATH.matcher(clause);
                if (path.lookingAt()) {
                    paths.add(path.group());
                }
            }
            if (!paths.isEmpty()) {
                return paths;
            }
        }
        return List.of();
    }

    /** {@code actual} is {@code expected} or a field inside it. */
    static boolean names(String actual, String expected) {
        return actual.equals(expected) || (actual.startsWith(expected)
                && (actual.charAt(expected.length()) == '.' || actual.charAt(expected.length()) == '['));
    }

    private static List<Problem> problems(String source, String text) {
        try {
            ManifestLoader.loadText(source, text);
            return List.of();
        } catch (ManifestException e) {
            return e.problems();
        }
    }

    private static List<String> summary(List<Problem> problems) {
        // Lines differ between the one-line JSON and the YAML form, and problems are listed by line.
        return problems.stream().map(p -> p.resource() + " " + p.field() + ": " + p.message()).sorted()
                .collect(Collectors.toList());
    }
}

package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code shared/conformance/selectors.json} at test time. Missing file = failure, never a
 * skip: a conformance suite that silently runs nothing proves nothing.
 */
final class ConformanceVectors {
    static final String RELATIVE = "shared/conformance/selectors.json";

    private static JsonNode root;

    private ConformanceVectors() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            Path file = locate();
            try {
                root = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new AssertionError("cannot read conformance vectors " + file, e);
            }
        }
        return root;
    }

    /**
     * {@code <hostwall.root>/../shared/...} (surefire sets hostwall.root to the repository root);
     * otherwise the first {@code shared/...} found walking up from the working directory, which
     * also finds a {@code shared} directory next to the repository.
     */
    static Path locate() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("hostwall.root");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).resolve("..").resolve(RELATIVE).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(RELATIVE);
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p);
        }
        return fail("conformance vectors not found; tried " + tried);
    }

    static List<JsonNode> list(String... path) {
        JsonNode node = root();
        for (String p : path) {
            node = node.path(p);
        }
        if (!node.isArray()) {
            fail("conformance file has no array at " + String.join(".", path));
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    static Map<String, String> labels(JsonNode vector) {
        Map<String, String> labels = new LinkedHashMap<>();
        vector.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** A readable, bounded test name: control characters escaped, long inputs cut. */
    static String name(int index, String selector) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < selector.length() && sb.length() < 70; i++) {
            char c = selector.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 70) {
            sb.append("...(").append(selector.length()).append(" chars)");
        }
        return "#" + index + " [" + sb + "]";
    }
}

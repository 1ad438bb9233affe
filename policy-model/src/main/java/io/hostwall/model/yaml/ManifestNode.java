package io.hostwall.model.yaml;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * A parsed YAML/JSON value that remembers the line it started on. The loader validates this tree rather than a
 * Jackson tree so that every problem can name the line of the field it is about, and so that YAML scalars keep
 * their exact text (a label value {@code on} or {@code 1.10} must stay that string).
 */
public sealed interface ManifestNode permits ManifestNode.Mapping, ManifestNode.Sequence, ManifestNode.Scalar {

    /** 1-based line where the value starts. */
    int line();

    /** How the node is named in messages: "a mapping", "a list", "a string", ... */
    String describe();

    /** One key of a mapping, with the line of the key itself. */
    public record Entry(String key, int line, ManifestNode value) {}

    /** A mapping; duplicate keys were reported by the reader and only the first is kept. */
    public record Mapping(int line, ImmutableMap<String, Entry> entries) implements ManifestNode {
        public static Mapping empty(int line) {
            return new Mapping(line, ImmutableMap.of());
        }

        public Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    public record Sequence(int line, ImmutableList<ManifestNode> items) implements ManifestNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** What the YAML/JSON parser resolved a scalar to. */
    public enum ScalarType {
        STRING("a string"),
        INTEGER("a number"),
        FLOAT("a number"),
        BOOLEAN("a boolean"),
        NULL("null");

        private final String description;

        ScalarType(String description) {
            this.description = description;
        }
    }

    /**
     * A scalar with its source text. {@code yaml} is true for scalars read from YAML: there an unquoted {@code 80}
     * or {@code true} may stand for a string (as Kubernetes' YAML decoding allows for string fields).
     */
    public record Scalar(int line, ScalarType type, String text, boolean yaml) implements ManifestNode {
        static Scalar nullAt(int line) {
            return new Scalar(line, ScalarType.NULL, "", false);
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return type.description;
        }
    }

    /** True for an explicit YAML/JSON null (which the loader treats like an absent field). */
    public static boolean isNull(ManifestNode node) {
        return node instanceof Scalar s && s.isNull();
    }
}

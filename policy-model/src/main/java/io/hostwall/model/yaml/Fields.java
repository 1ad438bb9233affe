package io.hostwall.model.yaml;

import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.Names;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;

/**
 * One mapping of a manifest, read field by field. Creating it reports unknown fields (with a suggestion when one
 * is close to a known name); the getters report wrong types. An explicit {@code null} reads as an absent field.
 */
public final class Fields {
    private final ManifestNode.Mapping mapping;
    private final FieldPath path;
    private final ProblemReport report;

    /** A list element or map value together with its path. */
    public record Item(ManifestNode node, FieldPath path) {}

    private Fields(ManifestNode.Mapping mapping, FieldPath path, ProblemReport report) {
        this.mapping = mapping;
        this.path = path;
        this.report = report;
    }

    /** Reads a mapping whose keys must all be in {@code known}; null is an empty mapping. */
    public static Optional<Fields> of(ManifestNode node, FieldPath path, ProblemReport report, ImmutableSet<String> known) {
        Optional<Fields> fields = anyKeys(node, path, report);
        fields.ifPresent(f -> f.reportUnknown(known));
        return fields;
    }

    /** Reads a mapping that may hold any keys (e.g. the many FelixConfiguration fields hostwall does not use). */
    public static Optional<Fields> anyKeys(ManifestNode node, FieldPath path, ProblemReport report) {
        if (ManifestNode.isNull(node)) {
            return Optional.of(new Fields(ManifestNode.Mapping.empty(node.line()), path, report));
        }
        if (node instanceof ManifestNode.Mapping m) {
            return Optional.of(new Fields(m, path, report));
        }
        report.add(node, path, "expected a mapping, got " + node.describe());
        return Optional.empty();
    }

    private void reportUnknown(ImmutableSet<String> known) {
        for (ManifestNode.Entry e : mapping.entries().values()) {
            if (!known.contains(e.key())) {
                String hint = FieldNames.closest(e.key(), known).map(k -> " (did you mean \"" + k + "\"?)").orElse("");
                report.add(e.line(), path.field(e.key()), "unknown field " + Names.quote(e.key()) + hint);
            }
        }
    }

    public FieldPath path() {
        return path;
    }

    public FieldPath path(String key) {
        return path.field(key);
    }

    public int line() {
        return mapping.line();
    }

    public ProblemReport report() {
        return report;
    }

    /** The line of {@code key} if present, else of the mapping (where a missing field is reported). */
    public int line(String key) {
        return mapping.entry(key).map(ManifestNode.Entry::line).orElse(mapping.line());
    }

    public boolean has(String key) {
        return get(key).isPresent();
    }

    /** True when {@code key} holds a non-empty list. */
    public boolean hasItems(String key) {
        return get(key).filter(n -> n instanceof ManifestNode.Sequence s && !s.items().isEmpty()).isPresent();
    }

    public Optional<ManifestNode> get(String key) {
        return mapping.entry(key).map(ManifestNode.Entry::value).filter(v -> !ManifestNode.isNull(v));
    }

    public ImmutableList<ManifestNode.Entry> entries() {
        return mapping.entries().values().asList();
    }

    public Optional<String> string(String key) {
        return get(key).flatMap(n -> Scalars.string(n, path(key), report));
    }

    /** A string where {@code ""} means unset, as it does for Calico's omitempty fields. */
    public Optional<String> nonEmptyString(String key) {
        return string(key).filter(s -> !s.isEmpty());
    }

    /** A non-empty string field; absent or {@code ""} is reported with {@code message} (a wrong type already was). */
    public Optional<String> requiredString(String key, String message) {
        Optional<String> value = string(key);
        if (value.filter(v -> !v.isEmpty()).isEmpty() && (!has(key) || value.isPresent())) {
            problem(key, message);
        }
        return value.filter(v -> !v.isEmpty());
    }

    public boolean flag(String key) {
        return get(key).flatMap(n -> Scalars.bool(n, path(key), report)).orElse(false);
    }

    public Optional<Long> integer(String key) {
        return get(key).flatMap(n -> Scalars.integer(n, path(key), report));
    }

    public Optional<Double> number(String key) {
        return get(key).flatMap(n -> Scalars.number(n, path(key), report));
    }

    /** The elements of a list field; absent or null is empty, anything else but a list is reported. */
    public ImmutableList<Item> list(String key) {
        return optionalList(key).orElse(ImmutableList.of());
    }

    /** Like {@link #list} but tells an absent field from an empty list ({@code []} can mean something). */
    public Optional<ImmutableList<Item>> optionalList(String key) {
        Optional<ManifestNode> node = get(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!(node.get() instanceof ManifestNode.Sequence seq)) {
            report.add(node.get(), path(key), "expected a list, got " + node.get().describe());
            return Optional.empty();
        }
        ImmutableList.Builder<Item> items = ImmutableList.builder();
        for (int i = 0; i < seq.items().size(); i++) {
            items.add(new Item(seq.items().get(i), path(key).index(i)));
        }
        return Optional.of(items.build());
    }

    public Optional<Fields> mapping(String key, ImmutableSet<String> known) {
        return get(key).flatMap(n -> of(n, path(key), report, known));
    }

    /**
     * The entries of a string-to-string map field (labels, annotations), with paths {@code field[key]}. A null value
     * reads as {@code ""}, as it does when Go decodes into a {@code map[string]string}.
     */
    public ImmutableList<KeyValue> stringMap(String key) {
        Optional<ManifestNode> node = get(key);
        if (node.isEmpty()) {
            return ImmutableList.of();
        }
        if (!(node.get() instanceof ManifestNode.Mapping m)) {
            report.add(node.get(), path(key), "expected a mapping of strings, got " + node.get().describe());
            return ImmutableList.of();
        }
        ImmutableList.Builder<KeyValue> out = ImmutableList.builder();
        for (ManifestNode.Entry e : m.entries().values()) {
            FieldPath p = path(key).key(e.key());
            if (ManifestNode.isNull(e.value())) {
                out.add(new KeyValue(e.key(), "", e.line(), p));
            } else {
                Scalars.string(e.value(), p, report).ifPresent(v -> out.add(new KeyValue(e.key(), v, e.line(), p)));
            }
        }
        return out.build();
    }

    /** One entry of a string map. */
    public record KeyValue(String key, String value, int line, FieldPath path) {}

    /** Reports a problem about this mapping as a whole (or about a field of it that is missing). */
    public void problem(String key, String message) {
        report.add(line(key), path(key), message);
    }
}

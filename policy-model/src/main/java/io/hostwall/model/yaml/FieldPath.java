package io.hostwall.model.yaml;

import io.hostwall.model.Names;
import java.util.Objects;

/**
 * A field's place inside a resource, printed the way problems name it: {@code spec.ingress[0].destination.ports[1]},
 * {@code metadata.labels[key]}. The empty path is the resource (or document) itself.
 *
 * <p>A path is built for every value read but printed only for the few that have a problem, so it keeps its parent
 * and one step and makes its text when asked. Keys are cut like values ({@link Names#cut}): a hostile key cannot make
 * a problem line long.
 */
public final class FieldPath {
    /** The resource (or document) itself. */
    public static final FieldPath ROOT = new FieldPath("");

    private static final char FIELD = '.';
    private static final char INDEX = '#';
    private static final char KEY = '[';

    private final FieldPath parent;
    private final char kind;
    private final String name;
    private final int index;
    private String text;

    /**
     * A path from its text.
     *
     * @param text the path as printed, e.g. {@code spec.ingress[0]}
     */
    public FieldPath(String text) {
        this(null, FIELD, Objects.requireNonNull(text, "text"), 0);
        this.text = text;
    }

    private FieldPath(FieldPath parent, char kind, String name, int index) {
        this.parent = parent;
        this.kind = kind;
        this.name = name;
        this.index = index;
    }

    /**
     * The path of a field of this mapping.
     *
     * @param name the field's name
     * @return {@code this.name}
     */
    public FieldPath field(String name) {
        return new FieldPath(this, FIELD, name, 0);
    }

    /**
     * The path of an item of this list.
     *
     * @param index the item's index
     * @return {@code this[index]}
     */
    public FieldPath index(int index) {
        return new FieldPath(this, INDEX, "", index);
    }

    /**
     * A map key: keys may contain dots and slashes, so they go in brackets as written.
     *
     * @param key the key
     * @return {@code this[key]}
     */
    public FieldPath key(String key) {
        return new FieldPath(this, KEY, key, 0);
    }

    /**
     * The path as problems print it.
     *
     * @return e.g. {@code spec.ingress[0].destination.ports[1]}; empty for the root
     */
    public String text() {
        if (text == null) {
            String before = parent.text();
            text = switch (kind) {
                case FIELD -> before.isEmpty() ? Names.cut(name) : before + "." + Names.cut(name);
                case INDEX -> before + "[" + index + "]";
                default -> before + "[" + Names.cut(name) + "]";
            };
        }
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.text().equals(text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}

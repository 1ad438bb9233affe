package io.hostwall.model.yaml;

import io.hostwall.model.Names;

/**
 * A field's place inside a resource, printed the way problems name it: {@code spec.ingress[0].destination.ports[1]},
 * {@code metadata.labels[key]}. The empty path is the resource (or document) itself.
 */
public record FieldPath(String text) {
    public static final FieldPath ROOT = new FieldPath("");

    public FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? Names.printable(name) : text + "." + Names.printable(name));
    }

    public FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** A map key: keys may contain dots and slashes, so they go in brackets as written. */
    public FieldPath key(String key) {
        return new FieldPath(text + "[" + Names.printable(key) + "]");
    }

    @Override
    public String toString() {
        return text;
    }
}

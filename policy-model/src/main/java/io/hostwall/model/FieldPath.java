package io.hostwall.model;

/**
 * A field's place inside a resource, printed the way problems name it: {@code spec.ingress[0].destination.ports[1]},
 * {@code metadata.labels[key]}. The empty path is the resource (or document) itself.
 */
record FieldPath(String text) {
    static final FieldPath ROOT = new FieldPath("");

    FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? Names.printable(name) : text + "." + Names.printable(name));
    }

    FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** A map key: keys may contain dots and slashes, so they go in brackets as written. */
    FieldPath key(String key) {
        return new FieldPath(text + "[" + Names.printable(key) + "]");
    }

    @Override
    public String toString() {
        return text;
    }
}

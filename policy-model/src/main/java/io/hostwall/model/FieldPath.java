package io.hostwall.model;

/**
 * A field's place inside a resource, printed the way problems name it: {@code spec.ingress[0].destination.ports[1]},
 * {@code metadata.labels[key]}. The empty path is the resource (or document) itself.
 */
record FieldPath(String text) {
    static final FieldPath ROOT = new FieldPath("");

    FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? printable(name) : text + "." + printable(name));
    }

    FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** A map key: keys may contain dots and slashes, so they go in brackets as written. */
    FieldPath key(String key) {
        return new FieldPath(text + "[" + printable(key) + "]");
    }

    /** Keys come from the input: control characters are escaped so a problem always prints on one line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.hostwall.nftables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer (the backend may depend on Guava only). Values are {@link Map} with string keys (written in
 * iteration order, so use a {@link LinkedHashMap}), {@link List}, {@link String}, {@link Long}/{@link Integer},
 * {@link Boolean} and {@link #NULL}. Output is compact with one space after {@code :} and {@code ,}, and pure ASCII:
 * everything outside printable ASCII is a {@code \\uXXXX} escape, so the bytes never depend on a platform encoding.
 */
final class Json {
    /** JSON {@code null} (maps from Guava and {@code Map.of} refuse Java null). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {}

    /** A map with the given keys and values, in order. */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (m.put((String) keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate key " + keysAndValues[i]);
            }
        }
        return m;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static void write(Object value, StringBuilder out) {
        if (value == NULL) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(sep);
                string((String) e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out);
                sep = ", ";
            }
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            String sep = "";
            for (Object o : l) {
                out.append(sep);
                write(o, out);
                sep = ", ";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + (value == null ? "Java null" : value.getClass()));
        }
    }

    /** A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped, non-ASCII as \\u. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

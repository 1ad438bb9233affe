package io.hostwall.cli;

/**
 * Prints user text inside messages so that control characters cannot garble the terminal and a huge value cannot
 * turn an error into a megabyte line: values are cut at {@value #MAX_SHOWN} characters.
 */
final class Quote {
    /** How much of a value a message shows. */
    static final int MAX_SHOWN = 80;

    private Quote() {}

    /** {@code s} in double quotes, escaped, cut at {@value #MAX_SHOWN} characters (then {@code ...}). */
    static String of(String s) {
        StringBuilder b = new StringBuilder("\"");
        escape(s, b, true);
        return b.append('"').toString();
    }

    /** {@code s} escaped and cut like {@link #of}, without the quotes (for a message from elsewhere). */
    static String cut(String s) {
        StringBuilder b = new StringBuilder();
        escape(s, b, false);
        return b.toString();
    }

    private static void escape(String s, StringBuilder b, boolean quoted) {
        int n = Math.min(s.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (quoted && (c == '"' || c == '\\')) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_SHOWN) {
            b.append("... (").append(s.length()).append(" characters)");
        }
    }
}

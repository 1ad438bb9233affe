package io.hostwall.iptables;

import io.hostwall.net.InterfaceName;

/**
 * Everything free text or a name turns into in a restore document. iptables-restore splits a line into words at
 * blanks and understands double quotes and backslashes, so a quoted string stays one word only while it holds no
 * {@code "}, {@code \} or line break; anything else could end the word early and smuggle in an option or a rule.
 * Free text is therefore reduced to printable ASCII without quotes and backslashes, and names are checked against
 * strict patterns.
 */
final class IptablesText {
    /** xt_comment keeps 256 bytes including the terminating NUL. */
    static final int MAX_COMMENT = 255;
    /** xt_LOG keeps 30 bytes including the NUL; iptables rejects longer prefixes on some versions. */
    static final int MAX_LOG_PREFIX = 29;


    private IptablesText() {}

    /** A double-quoted word: printable ASCII kept, everything else (and {@code " \ '}) becomes {@code _}, cut to max. */
    static String quoted(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 2);
        appendQuoted(b, text, max);
        return b.toString();
    }

    /** Appends {@link #quoted}{@code (text, max)}. */
    static void appendQuoted(StringBuilder b, String text, int max) {
        b.append('"');
        int end = Math.min(text.length(), max);
        int i = 0;
        while (i < end && safe(text.charAt(i)) == text.charAt(i)) {
            i++;
        }
        b.append(text, 0, i); // the usual case: all of it, in one copy
        for (; i < end; i++) {
            b.append(safe(text.charAt(i)));
        }
        b.append('"');
    }

    /** Appends {@link #comment}{@code (text)} for a non-empty text. */
    static void appendComment(StringBuilder b, String text) {
        b.append("-m comment --comment ");
        appendQuoted(b, text, MAX_COMMENT);
    }

    /** The text as it will appear inside {@link #quoted}, for length checks and tests. */
    static String sanitize(String text, int max) {
        String q = quoted(text, max);
        return q.substring(1, q.length() - 1);
    }

    private static char safe(char c) {
        // Single quotes are replaced too: iptables-save escapes them, older restore parsers treat them as quotes.
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'' ? c : '_';
    }

    /** {@code -m comment --comment "..."}, or nothing for a comment that is empty. */
    static String comment(String text) {
        return text.isEmpty() ? "" : "-m comment --comment " + quoted(text, MAX_COMMENT);
    }

    /** A text for a {@code #} line of a document (no line break can slip through). */
    static String headerText(String text) {
        return sanitize(text, 200);
    }

    /**
     * An interface as {@code -i}/{@code -o} takes it. A prefix gets iptables' {@code +}; the whole word must stay
     * shorter than IFNAMSIZ, so a prefix has at most 14 characters. Names follow {@link InterfaceName}, the rule the
     * model enforces, so whatever the model accepts renders.
     */
    static String interfaceName(String name, boolean prefix) {
        if (prefix ? !InterfaceName.isValidPrefix(name) : !InterfaceName.isValid(name)) {
            throw new IllegalArgumentException("interface " + (prefix ? "prefix" : "name") + " must be "
                    + (prefix ? "1-" + InterfaceName.MAX_PREFIX_LENGTH + " characters of letters, digits, '_', '.'"
                            + " and '-'" : InterfaceName.RULE) + ": " + sanitize(name, 40));
        }
        return prefix ? name + "+" : name;
    }

    /** A set name as the IR promises it; anything else is refused rather than escaped (it names kernel state). */
    static String setName(String name) {
        if (!isSetName(name)) {
            throw new IllegalArgumentException("ipset name must match [A-Za-z0-9_-]{1,31}: " + sanitize(name, 40));
        }
        return name;
    }

    /** {@code [A-Za-z0-9_-]{1,31}}: ipset names are at most 31 characters; IR set names use this alphabet. */
    private static boolean isSetName(String name) {
        if (name.isEmpty() || name.length() > 31) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Unsigned hexadecimal, the way iptables prints marks. */
    /** Appends what {@link Integer#toHexString} gives for {@code value}, without making that string. */
    static void appendHex(StringBuilder b, int value) {
        int shift = 28;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            b.append(HEX_DIGITS[(value >>> shift) & 0xf]);
        }
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }
}

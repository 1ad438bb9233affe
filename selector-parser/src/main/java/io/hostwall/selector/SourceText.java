package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;

/**
 * The input of one parse, for error reporting: names what stands at an offset the way messages
 * show it. Offsets are {@code char} indexes, as {@link SelectorSyntaxException#position()} promises.
 */
final class SourceText {
    private static final int MAX_SHOWN = 40;

    private SourceText() {
    }

    /** Describes what is at {@code offset}: a word of label characters, one character, or the end. */
    static String describeAt(String text, int offset) {
        if (offset >= text.length()) {
            return "end of selector";
        }
        int end = offset;
        while (end < text.length() && LabelSyntax.isLabelChar(text.charAt(end))) {
            end++;
        }
        if (end > offset) {
            return "'" + abbreviate(text.substring(offset, end)) + "'";
        }
        return describeChar(text.codePointAt(offset));
    }

    /** A printable ASCII character in quotes, anything else also (or only) as U+XXXX. */
    static String describeChar(int cp) {
        String code = String.format("U+%04X", cp);
        if (cp >= 0x21 && cp < 0x7f) {
            return "'" + (char) cp + "'";
        }
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)
                || Character.getType(cp) == Character.SURROGATE) {
            return code;
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + code + ")";
    }

    /** At most 40 characters of a token, then "...", so that a 1,000-character label cannot flood a message. */
    static String abbreviate(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}

package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;
import io.hostwall.selector.grammar.SelectorLexer;
import org.antlr.v4.runtime.Token;

/**
 * The input of one parse, for error reporting: turns ANTLR's code point indexes into the
 * {@code char} offsets {@link SelectorSyntaxException#position()} promises, and names tokens and
 * characters the way messages show them.
 */
final class SourceText {
    private static final int MAX_SHOWN = 40;

    private final String text;
    /** Without surrogates, code point index == char index and no conversion is needed. */
    private final boolean hasSurrogates;

    SourceText(String text) {
        this.text = text;
        this.hasSurrogates = text.chars().anyMatch(c -> Character.isSurrogate((char) c));
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    /** The char offset at which a token starts (the input's length for EOF). */
    int offsetOf(Token t) {
        int codePoints = Math.max(t.getStartIndex(), 0);
        return hasSurrogates ? text.offsetByCodePoints(0, codePoints) : codePoints;
    }

    SelectorSyntaxException error(String message, int offset) {
        return new SelectorSyntaxException(message, offset);
    }

    /** "end of selector", "label 'a'", "string \"x\"" or the token text in quotes. */
    String describe(Token t) {
        switch (t.getType()) {
            case Token.EOF:
                return "end of selector";
            case SelectorLexer.LABEL:
                return "label '" + abbreviate(t.getText()) + "'";
            case SelectorLexer.STRING:
                return "string " + abbreviate(t.getText());
            default:
                return "'" + abbreviate(t.getText()) + "'";
        }
    }

    /** Describes what is at {@code offset}: a word of label characters, one character, or the end. */
    String describeAt(int offset) {
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

    private static String abbreviate(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}

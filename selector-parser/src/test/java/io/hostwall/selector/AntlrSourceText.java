package io.hostwall.selector;

import io.hostwall.selector.grammar.SelectorLexer;
import org.antlr.v4.runtime.Token;

/**
 * Part of the ANTLR oracle ({@link AntlrSelectorReader}): turns ANTLR's code point indexes into the
 * {@code char} offsets {@link SelectorSyntaxException#position()} promises, and names tokens the way
 * messages show them (characters and words: {@link SourceText}, shared with the real parser).
 */
final class AntlrSourceText {
    private final String text;
    /** Without surrogates, code point index == char index and no conversion is needed. */
    private final boolean hasSurrogates;

    AntlrSourceText(String text) {
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
        return SourceText.describeAt(text, offset);
    }

    static String describeChar(int cp) {
        return SourceText.describeChar(cp);
    }

    private static String abbreviate(String s) {
        return SourceText.abbreviate(s);
    }
}

package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;
import io.hostwall.selector.grammar.SelectorLexer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;

/**
 * Rejects what Calico's tokenizer rejects, before the parser runs (Calico tokenizes the whole
 * input first, so its lexical errors win over its syntax errors too). The lexer marks such places
 * with error tokens instead of failing; the first one in the input decides the message. Label
 * length is checked here as well, so that a 513-byte label says "too long" rather than failing
 * somewhere in the middle.
 */
final class AntlrLexicalCheck {
    static final String OPERATORS = "an operator (==, !=, in, not in, contains, starts with, ends with)";

    /**
     * A two-word operator whose boundary check failed because a label follows after blanks: Calico
     * skips the blanks before checking, so {@code b starts with b} fails here, not in the parser.
     */
    private static final Pattern OPERATOR_THEN_LABEL =
            Pattern.compile("(starts[ \\t]*with|ends[ \\t]*with|not[ \\t]*in)[ \\t]+(?=[A-Za-z0-9_./-])");

    private final AntlrSourceText src;

    private AntlrLexicalCheck(AntlrSourceText src) {
        this.src = src;
    }

    static void check(List<Token> tokens, AntlrSourceText src) {
        AntlrLexicalCheck check = new AntlrLexicalCheck(src);
        for (int i = 0; i < tokens.size(); i++) {
            check.token(tokens.get(i), i > 0 ? tokens.get(i - 1) : null);
        }
    }

    private void token(Token t, Token previous) {
        int at = src.offsetOf(t);
        switch (t.getType()) {
            case SelectorLexer.LABEL:
                requireShortLabel(t.getText(), at);
                break;
            case SelectorLexer.HAS:
            case SelectorLexer.BAD_HAS:
                functionHas(t.getText(), at);
                break;
            case SelectorLexer.BAD_ALL:
            case SelectorLexer.BAD_GLOBAL: {
                int end = at + t.getText().length();
                String name = t.getType() == SelectorLexer.BAD_ALL ? "all(" : "global(";
                throw src.error("expected ')' after '" + name + "' at offset " + end + ", found " + src.describeAt(end)
                        + ": " + name + ") takes no argument", end);
            }
            case SelectorLexer.UNTERMINATED_STRING:
                throw src.error("unterminated string starting at offset " + at + ": no closing "
                        + t.getText().charAt(0) + " (strings have no escapes)", at);
            case SelectorLexer.LONE_EQ:
                throw src.error("expected '==' at offset " + at + ", found a single '='", at);
            case SelectorLexer.LONE_AMP:
                throw src.error("expected '&&' at offset " + at + ", found a single '&'", at);
            case SelectorLexer.LONE_PIPE:
                throw src.error("expected '||' at offset " + at + ", found a single '|'", at);
            case SelectorLexer.BAD_CHAR:
                throw src.error("unexpected character " + AntlrSourceText.describeChar(src.text().codePointAt(at))
                        + " at offset " + at + ": outside quotes a selector holds only labels [A-Za-z0-9_./-], "
                        + "operators, spaces and tabs", at);
            case SelectorLexer.MISSING_OPERATOR:
                missingOperator(previous, at);
                break;
            default:
                break;
        }
    }

    private void requireShortLabel(String label, int at) {
        if (label.length() > LabelSyntax.MAX_LABEL_LENGTH) {
            throw src.error("label too long at offset " + at + ": " + label.length() + " characters, at most "
                    + LabelSyntax.MAX_LABEL_LENGTH, at);
        }
    }

    /** {@code has(} followed by blanks, a label, blanks and {@code )}, or an error token that is not. */
    private void functionHas(String text, int at) {
        int p = skipBlanks(text, "has(".length());
        int labelEnd = p;
        while (labelEnd < text.length() && LabelSyntax.isLabelChar(text.charAt(labelEnd))) {
            labelEnd++;
        }
        if (labelEnd == p) {
            throw src.error("expected a label after 'has(' at offset " + (at + p) + ", found "
                    + src.describeAt(at + p), at + p);
        }
        requireShortLabel(text.substring(p, labelEnd), at + p);
        int close = skipBlanks(text, labelEnd);
        if (close == text.length()) { // BAD_HAS: the ')' is missing
            throw src.error("expected ')' after 'has(" + text.substring(p, labelEnd) + "' at offset " + (at + close)
                    + ", found " + src.describeAt(at + close), at + close);
        }
    }

    private void missingOperator(Token previous, int at) {
        String label = previous != null && previous.getType() == SelectorLexer.LABEL ? previous.getText() : "";
        Matcher m = OPERATOR_THEN_LABEL.matcher(src.text()).region(at, src.length());
        if (m.lookingAt()) {
            String op = m.group(1).replaceAll("[ \\t]+", "").replace("with", " with").replace("notin", "not in");
            String expected = op.equals("not in") ? "'{'" : "a quoted value";
            int found = m.end();
            throw src.error("expected " + expected + " after '" + op + "' at offset " + found + ", found label "
                    + src.describeAt(found), found);
        }
        throw src.error("expected " + OPERATORS + " after label '" + label + "' at offset " + at + ", found "
                + src.describeAt(at), at);
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}

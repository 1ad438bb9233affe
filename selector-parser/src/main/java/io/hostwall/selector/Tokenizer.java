package io.hostwall.selector;

import io.hostwall.selector.grammar.LabelSyntax;

/**
 * Calico's tokenizer (libcalico-go/lib/selector/tokenizer; selector-semantics.md §2), one token at
 * a time: {@link #next()} moves to the next token and leaves its kind and extent in {@link #kind},
 * {@link #start} and {@link #end}. Nothing is allocated per token; the parser cuts labels and
 * values out of the input only when it builds a node.
 *
 * <p>Calico's tokenizer is context sensitive, and so is this one: right after a label only an
 * operator or punctuation may follow, and there the words {@code contains}, {@code starts with},
 * {@code ends with}, {@code not in} and {@code in} are operators; anywhere else a run of label
 * characters is a label ({@code has(}, {@code all(} and {@code global(} excepted). That is why no
 * word is reserved ({@code in in {"a"}} is valid).
 *
 * <p>Everything Calico's tokenizer rejects is a {@link SelectorSyntaxException} thrown by
 * {@link #next()}; {@link #rejectLexicalErrorsAfter()} lets the parser put such an error ahead of
 * its own, as Calico (which tokenizes the whole input first) does.
 */
final class Tokenizer {
    static final int EOF = 0;
    static final int LABEL = 1;
    static final int STRING = 2;
    static final int HAS = 3;
    static final int ALL = 4;
    static final int GLOBAL = 5;
    static final int LPAREN = 6;
    static final int RPAREN = 7;
    static final int LBRACE = 8;
    static final int RBRACE = 9;
    static final int COMMA = 10;
    static final int NOT = 11;
    static final int AND = 12;
    static final int OR = 13;
    static final int EQ = 14;
    static final int NE = 15;
    static final int CONTAINS = 16;
    static final int STARTS_WITH = 17;
    static final int ENDS_WITH = 18;
    static final int IN = 19;
    static final int NOT_IN = 20;

    static final String OPERATORS = "an operator (==, !=, in, not in, contains, starts with, ends with)";

    private final String text;
    private final int length;
    private int pos;
    /** The token just read was a label, so the next one must be an operator or punctuation. */
    private boolean afterLabel;

    /** The current token's kind (one of the constants above). */
    int kind;
    /** Where the current token starts: a {@code char} offset; the input's length for {@link #EOF}. */
    int start;
    /** Where the current token ends (exclusive). */
    int end;
    /** For {@link #HAS}: where the label inside the parentheses starts and ends. */
    int innerStart;
    int innerEnd;
    /** The last label read, which an operator has to follow. */
    private int lastLabelStart;
    private int lastLabelEnd;

    Tokenizer(String text) {
        this.text = text;
        this.length = text.length();
    }

    String text() {
        return text;
    }

    /** Reads the next token into {@link #kind}, {@link #start} and {@link #end}. */
    void next() {
        int p = skipBlanks(pos);
        start = p;
        if (p == length) {
            kind = EOF;
            end = p;
            pos = p;
            return;
        }
        boolean operatorExpected = afterLabel;
        afterLabel = false;
        char c = text.charAt(p);
        switch (c) {
            case '(':
                punctuation(LPAREN, p, 1);
                return;
            case ')':
                punctuation(RPAREN, p, 1);
                return;
            case '{':
                punctuation(LBRACE, p, 1);
                return;
            case '}':
                punctuation(RBRACE, p, 1);
                return;
            case ',':
                punctuation(COMMA, p, 1);
                return;
            case '=':
                if (charAt(p + 1) != '=') {
                    throw error("expected '==' at offset " + p + ", found a single '='", p);
                }
                punctuation(EQ, p, 2);
                return;
            case '!':
                if (charAt(p + 1) == '=') {
                    punctuation(NE, p, 2);
                } else {
                    punctuation(NOT, p, 1);
                }
                return;
            case '&':
                if (charAt(p + 1) != '&') {
                    throw error("expected '&&' at offset " + p + ", found a single '&'", p);
                }
                punctuation(AND, p, 2);
                return;
            case '|':
                if (charAt(p + 1) != '|') {
                    throw error("expected '||' at offset " + p + ", found a single '|'", p);
                }
                punctuation(OR, p, 2);
                return;
            case '"':
            case '\'':
                quoted(c, p);
                return;
            default:
                if (operatorExpected) {
                    wordOperator(p);
                } else {
                    word(p);
                }
        }
    }

    /**
     * Reads the rest of the input and throws its first lexical error, if any: called by the
     * parser before it reports a syntax error, because a lexical error anywhere wins.
     */
    void rejectLexicalErrorsAfter() {
        while (kind != EOF) {
            next();
        }
    }

    private void punctuation(int k, int p, int width) {
        kind = k;
        end = p + width;
        pos = end;
    }

    /** A literal ends at the first matching quote: no escapes, so it may hold the other quote kind. */
    private void quoted(char quote, int p) {
        int close = text.indexOf(quote, p + 1);
        if (close < 0) {
            throw error("unterminated string starting at offset " + p + ": no closing " + quote
                    + " (strings have no escapes)", p);
        }
        punctuation(STRING, p, close + 1 - p);
    }

    /** Where an operand may start: {@code has(..)}, {@code all()}, {@code global()} or a label. */
    private void word(int p) {
        if (text.startsWith("has(", p)) {
            has(p);
        } else if (text.startsWith("all(", p)) {
            noArgumentFunction(ALL, "all(", p);
        } else if (text.startsWith("global(", p)) {
            noArgumentFunction(GLOBAL, "global(", p);
        } else {
            int e = labelEnd(p);
            if (e == p) {
                throw error("unexpected character " + SourceText.describeChar(text.codePointAt(p)) + " at offset " + p
                        + ": outside quotes a selector holds only labels [A-Za-z0-9_./-], operators, spaces and tabs", p);
            }
            requireShortLabel(p, e);
            kind = LABEL;
            lastLabelStart = p;
            lastLabelEnd = e;
            end = e;
            pos = e;
            afterLabel = true;
        }
    }

    /** {@code has(} blanks, a label, blanks and {@code )}; the paren must touch the name. */
    private void has(int p) {
        int labelStart = skipBlanks(p + "has(".length());
        int labelEnd = labelEnd(labelStart);
        if (labelEnd == labelStart) {
            throw error("expected a label after 'has(' at offset " + labelStart + ", found "
                    + SourceText.describeAt(text, labelStart), labelStart);
        }
        requireShortLabel(labelStart, labelEnd);
        int close = skipBlanks(labelEnd);
        if (charAt(close) != ')') {
            throw error("expected ')' after 'has(" + text.substring(labelStart, labelEnd) + "' at offset " + close
                    + ", found " + SourceText.describeAt(text, close), close);
        }
        kind = HAS;
        innerStart = labelStart;
        innerEnd = labelEnd;
        end = close + 1;
        pos = end;
    }

    private void noArgumentFunction(int k, String name, int p) {
        int close = skipBlanks(p + name.length());
        if (charAt(close) != ')') {
            throw error("expected ')' after '" + name + "' at offset " + close + ", found "
                    + SourceText.describeAt(text, close) + ": " + name + ") takes no argument", close);
        }
        kind = k;
        end = close + 1;
        pos = end;
    }

    /**
     * Right after a label: a word operator, or else an error. {@code in} and {@code contains} must
     * end at a word boundary; the two-word operators skip blanks before that check, so that
     * {@code b starts with b} is rejected here (no value can follow) while {@code b contains b}
     * is left to the parser.
     */
    private void wordOperator(int p) {
        int e;
        if ((e = word(p, "contains")) >= 0 && !isLabelCharAt(e)) {
            kind = CONTAINS;
        } else if ((e = twoWords(p, "starts", "with")) >= 0 && !isLabelCharAt(skipBlanks(e))) {
            kind = STARTS_WITH;
        } else if ((e = twoWords(p, "ends", "with")) >= 0 && !isLabelCharAt(skipBlanks(e))) {
            kind = ENDS_WITH;
        } else if ((e = twoWords(p, "not", "in")) >= 0 && !isLabelCharAt(skipBlanks(e))) {
            kind = NOT_IN;
        } else if ((e = word(p, "in")) >= 0 && !isLabelCharAt(e)) {
            kind = IN;
        } else {
            throw missingOperator(p);
        }
        end = e;
        pos = e;
    }

    /** Where {@code first}, blanks and {@code second} at {@code p} end, or -1. */
    private int twoWords(int p, String first, String second) {
        int e = word(p, first);
        return e < 0 ? -1 : word(skipBlanks(e), second);
    }

    private int word(int p, String w) {
        return text.startsWith(w, p) ? p + w.length() : -1;
    }

    /**
     * After a label comes something that is no operator. A two-word operator followed by
     * a label is named as such (the value is what is missing); anything else: the operator is.
     */
    private SelectorSyntaxException missingOperator(int p) {
        String op = null;
        int e;
        if ((e = twoWords(p, "starts", "with")) >= 0) {
            op = "starts with";
        } else if ((e = twoWords(p, "ends", "with")) >= 0) {
            op = "ends with";
        } else if ((e = twoWords(p, "not", "in")) >= 0) {
            op = "not in";
        }
        if (op != null) {
            int found = skipBlanks(e);
            if (found > e && isLabelCharAt(found)) {
                String expected = op.equals("not in") ? "'{'" : "a quoted value";
                return error("expected " + expected + " after '" + op + "' at offset " + found + ", found label "
                        + SourceText.describeAt(text, found), found);
            }
        }
        return error("expected " + OPERATORS + " after label '" + text.substring(lastLabelStart, lastLabelEnd)
                + "' at offset " + p + ", found " + SourceText.describeAt(text, p), p);
    }

    private void requireShortLabel(int from, int to) {
        int n = to - from;
        if (n > LabelSyntax.MAX_LABEL_LENGTH) {
            throw error("label too long at offset " + from + ": " + n + " characters, at most "
                    + LabelSyntax.MAX_LABEL_LENGTH, from);
        }
    }

    private int labelEnd(int p) {
        int e = p;
        while (e < length && LabelSyntax.isLabelChar(text.charAt(e))) {
            e++;
        }
        return e;
    }

    private int skipBlanks(int p) {
        int i = p;
        while (i < length) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private boolean isLabelCharAt(int p) {
        return p < length && LabelSyntax.isLabelChar(text.charAt(p));
    }

    /** The character at {@code p}, or -1 past the end. */
    private int charAt(int p) {
        return p < length ? text.charAt(p) : -1;
    }

    private static SelectorSyntaxException error(String message, int offset) {
        return new SelectorSyntaxException(message, offset);
    }
}

package io.hostwall.selector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Arrays;
import java.util.Locale;

/**
 * Text to {@link Expr}: a recursive-descent parser over {@link Tokenizer}, one method per level of
 * Calico's grammar (selector-semantics.md §3):
 *
 * <pre>
 * selector := orExpr? EOF
 * orExpr   := andExpr ('||' andExpr)*
 * andExpr  := unary ('&amp;&amp;' unary)*
 * unary    := '!'* primary
 * primary  := has(..) | all() | global() | '(' orExpr ')'
 *           | LABEL (== | != | contains | starts with | ends with) STRING
 *           | LABEL (in | not in) '{' (STRING (',' STRING)* ','?)? '}'
 * </pre>
 *
 * <p>The tree is Calico's: one And/Or node per run of the same operator, a single operand passed
 * through, adjacent {@code !} folded by parity, a parenthesised group returned as its inner node
 * (nesting, not flattening), so {@code !(!x)} stays a double negation.
 *
 * <p>Errors say what was expected where. The token before the error nearly decides what may
 * follow (an operator after a label, a value after {@code ==}, an operand after {@code &&}, ...),
 * so {@link #unexpected} words the message from that token, whether a set literal is open, and
 * which {@code (} is. A lexical error anywhere in the input wins over a syntax error, as in Calico.
 *
 * <p>This replaced an ANTLR 4 parser (kept as the test oracle {@code AntlrSelectorReader}): the same
 * language, trees, messages and offsets, at a fraction of the time and allocation per parse and
 * with no parser runtime to load. One reader per call, so parsing is thread-safe.
 */
final class SelectorReader {
    /**
     * Parenthesis nesting allowed. The parser, evaluation and printing recurse once per level, so
     * without a cap a long run of {@code (} would end in a StackOverflowError. Calico's API limits a
     * selector to 1024 characters; 256 levels is far beyond any real selector.
     */
    static final int MAX_NESTING = 256;

    private static final String OPERAND = "a label, has(label), all(), global(), '!' or '('";

    private final Tokenizer tokens;
    private final String text;
    /** The token before the current one: its kind and extent (kind -1 before the first token). */
    private int prevKind = -1;
    private int prevStart;
    private int prevEnd;
    /** Open parentheses, and the offset of the innermost one (-1 at the top level). */
    private int depth;
    private int openParen = -1;
    /** Operands of the And/Or runs being parsed, innermost last; reused across runs. */
    private Expr[] stack = new Expr[8];
    private int stackSize;

    private SelectorReader(String text) {
        this.text = text;
        this.tokens = new Tokenizer(text);
    }

    static Expr read(String text) {
        return new SelectorReader(text).selector();
    }

    private Expr selector() {
        tokens.next();
        if (tokens.kind == Tokenizer.EOF) {
            return new All();
        }
        Expr e = orExpr();
        if (tokens.kind != Tokenizer.EOF) {
            throw unexpected(false);
        }
        return e;
    }

    private Expr orExpr() {
        Expr first = andExpr();
        if (tokens.kind != Tokenizer.OR) {
            return first;
        }
        int base = stackSize;
        push(first);
        while (tokens.kind == Tokenizer.OR) {
            advance();
            push(andExpr());
        }
        return new Or(popList(base));
    }

    private Expr andExpr() {
        Expr first = unary();
        if (tokens.kind != Tokenizer.AND) {
            return first;
        }
        int base = stackSize;
        push(first);
        while (tokens.kind == Tokenizer.AND) {
            advance();
            push(unary());
        }
        return new And(popList(base));
    }

    private Expr unary() {
        boolean negated = false;
        while (tokens.kind == Tokenizer.NOT) {
            negated = !negated;
            advance();
        }
        Expr operand = primary();
        return negated ? new Not(operand) : operand;
    }

    private Expr primary() {
        switch (tokens.kind) {
            case Tokenizer.HAS: {
                Expr e = new Has(text.substring(tokens.innerStart, tokens.innerEnd));
                advance();
                return e;
            }
            case Tokenizer.ALL:
                advance();
                return new All();
            case Tokenizer.GLOBAL:
                advance();
                return new Global();
            case Tokenizer.LPAREN:
                return group();
            case Tokenizer.LABEL:
                return labelled();
            default:
                throw unexpected(false);
        }
    }

    private Expr group() {
        int paren = tokens.start;
        if (++depth > MAX_NESTING) {
            throw fail(new SelectorSyntaxException("parentheses nested too deeply at offset " + paren + ": at most "
                    + MAX_NESTING + " levels are allowed", paren));
        }
        int outer = openParen;
        openParen = paren;
        advance();
        Expr inner = orExpr();
        if (tokens.kind != Tokenizer.RPAREN) {
            throw unexpected(false);
        }
        advance();
        openParen = outer;
        depth--;
        return inner;
    }

    /** {@code label op "value"} or {@code label (not) in {...}}. */
    private Expr labelled() {
        String label = text.substring(tokens.start, tokens.end);
        advance();
        int op = tokens.kind;
        switch (op) {
            case Tokenizer.EQ:
            case Tokenizer.NE:
            case Tokenizer.CONTAINS:
            case Tokenizer.STARTS_WITH:
            case Tokenizer.ENDS_WITH: {
                advance();
                String value = literal();
                advance();
                return comparison(op, label, value);
            }
            case Tokenizer.IN:
            case Tokenizer.NOT_IN: {
                advance();
                ImmutableSet<String> values = set();
                return op == Tokenizer.IN ? new In(label, values) : new NotIn(label, values);
            }
            default:
                throw unexpected(false);
        }
    }

    private static Expr comparison(int op, String label, String value) {
        switch (op) {
            case Tokenizer.EQ:
                return new Equals(label, value);
            case Tokenizer.NE:
                return new NotEquals(label, value);
            case Tokenizer.CONTAINS:
                return new Contains(label, value);
            case Tokenizer.STARTS_WITH:
                return new StartsWith(label, value);
            default:
                return new EndsWith(label, value);
        }
    }

    /** {@code {}}, {@code {"a"}}, {@code {"a", "b",}}: one trailing comma is allowed, {@code {,}} is not. */
    private ImmutableSet<String> set() {
        if (tokens.kind != Tokenizer.LBRACE) {
            throw unexpected(false);
        }
        advance();
        if (tokens.kind == Tokenizer.RBRACE) {
            advance();
            return ImmutableSet.of();
        }
        String[] values = new String[4];
        int n = 0;
        while (true) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = literal();
            advance();
            if (tokens.kind == Tokenizer.COMMA) {
                advance();
                if (tokens.kind == Tokenizer.STRING) {
                    continue;
                }
            }
            if (tokens.kind == Tokenizer.RBRACE) {
                advance();
                return Literals.canonicalSet(values, n);
            }
            throw unexpected(true);
        }
    }

    /** The current token's value, which must be a string literal: everything between its quotes. */
    private String literal() {
        if (tokens.kind != Tokenizer.STRING) {
            throw unexpected(false);
        }
        return text.substring(tokens.start + 1, tokens.end - 1);
    }

    private void advance() {
        prevKind = tokens.kind;
        prevStart = tokens.start;
        prevEnd = tokens.end;
        tokens.next();
    }

    private void push(Expr e) {
        if (stackSize == stack.length) {
            stack = Arrays.copyOf(stack, stackSize * 2);
        }
        stack[stackSize++] = e;
    }

    /** The operands pushed since {@code base}, as a list; ImmutableList.of(..) for short runs saves a copy. */
    private ImmutableList<Expr> popList(int base) {
        Expr[] s = stack;
        int n = stackSize - base;
        ImmutableList<Expr> list;
        switch (n) {
            case 2:
                list = ImmutableList.of(s[base], s[base + 1]);
                break;
            case 3:
                list = ImmutableList.of(s[base], s[base + 1], s[base + 2]);
                break;
            case 4:
                list = ImmutableList.of(s[base], s[base + 1], s[base + 2], s[base + 3]);
                break;
            default:
                list = ImmutableList.copyOf(Arrays.copyOfRange(s, base, stackSize));
        }
        Arrays.fill(s, base, stackSize, null);
        stackSize = base;
        return list;
    }

    // ------------------------------------------------------------------------------------ errors

    /**
     * The current token cannot come here. What was expected follows from the token before it;
     * {@code inSet}: the token before is a value inside {@code {...}}.
     */
    private SelectorSyntaxException unexpected(boolean inSet) {
        int at = tokens.start;
        String found = describeCurrent();
        SelectorSyntaxException e;
        switch (prevKind) {
            case Tokenizer.LABEL:
                e = expected(Tokenizer.OPERATORS + " after label '" + prevText() + "'", at, found + functionHint());
                break;
            case Tokenizer.EQ:
            case Tokenizer.NE:
            case Tokenizer.CONTAINS:
            case Tokenizer.STARTS_WITH:
            case Tokenizer.ENDS_WITH:
                e = expected("a quoted value after '" + operatorName(prevKind) + "'", at, found);
                break;
            case Tokenizer.IN:
            case Tokenizer.NOT_IN:
                e = expected("'{' after '" + operatorName(prevKind) + "'", at, found);
                break;
            case Tokenizer.LBRACE:
            case Tokenizer.COMMA:
                e = expected("a quoted value or '}' after '" + prevText() + "'", at, found);
                break;
            case Tokenizer.STRING:
                e = inSet ? expected("',' or '}' after a set value", at, found) : endOfOperand(at, found);
                break;
            case -1:
            case Tokenizer.NOT:
            case Tokenizer.AND:
            case Tokenizer.OR:
            case Tokenizer.LPAREN:
                String after = prevKind == -1 ? "" : " after '" + prevText() + "'";
                e = new SelectorSyntaxException("unexpected " + found + " at offset " + at + ": expected " + OPERAND
                        + after, at);
                break;
            default: // ), }, has(..), all(), global(): a complete operand
                e = endOfOperand(at, found);
        }
        return fail(e);
    }

    /** A lexical error later in the input wins over this syntax error, as in Calico. */
    private SelectorSyntaxException fail(SelectorSyntaxException e) {
        tokens.rejectLexicalErrorsAfter();
        return e;
    }

    /** After a complete operand only {@code &&}, {@code ||}, a closing paren or the end may come. */
    private SelectorSyntaxException endOfOperand(int at, String found) {
        String expected = openParen < 0
                ? "'&&', '||' or end of selector"
                : "'&&', '||' or ')' to close the '(' at offset " + openParen;
        return new SelectorSyntaxException("unexpected " + found + " at offset " + at + ": expected " + expected, at);
    }

    private static SelectorSyntaxException expected(String what, int at, String found) {
        return new SelectorSyntaxException("expected " + what + " at offset " + at + ", found " + found, at);
    }

    /** {@code has (a)}, {@code ALL()}: probably meant as a function, which Calico spells exactly. */
    private String functionHint() {
        String name = prevText().toLowerCase(Locale.ROOT);
        boolean function = name.equals("has") || name.equals("all") || name.equals("global");
        return function && tokens.kind == Tokenizer.LPAREN
                ? " (functions are written in lower case with no space before '(': has(label), all(), global())"
                : "";
    }

    /** "end of selector", "label 'a'", "string \"x\"" or the token as written, in quotes. */
    private String describeCurrent() {
        String t = text.substring(tokens.start, tokens.end);
        switch (tokens.kind) {
            case Tokenizer.EOF:
                return "end of selector";
            case Tokenizer.LABEL:
                return "label '" + SourceText.abbreviate(t) + "'";
            case Tokenizer.STRING:
                return "string " + SourceText.abbreviate(t);
            default:
                return "'" + SourceText.abbreviate(t) + "'";
        }
    }

    private String prevText() {
        return text.substring(prevStart, prevEnd);
    }

    /** Canonical spelling, whatever blanks separated the words in the input. */
    private static String operatorName(int kind) {
        switch (kind) {
            case Tokenizer.EQ:
                return "==";
            case Tokenizer.NE:
                return "!=";
            case Tokenizer.CONTAINS:
                return "contains";
            case Tokenizer.STARTS_WITH:
                return "starts with";
            case Tokenizer.ENDS_WITH:
                return "ends with";
            case Tokenizer.IN:
                return "in";
            default:
                return "not in";
        }
    }
}

package io.hostwall.selector;

import io.hostwall.selector.grammar.SelectorLexer;
import io.hostwall.selector.grammar.SelectorParser;
import java.util.Locale;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Words a parser error as "what was expected where". In this grammar the token before the error
 * nearly decides what may follow (an operator after a label, a value after {@code ==}, an operand
 * after {@code &&}, ...), so messages are chosen by that token plus two facts from the parser's
 * context: whether we are inside a set literal, and which {@code (} is still open.
 */
final class AntlrSyntaxMessages {
    private static final String OPERAND = "a label, has(label), all(), global(), '!' or '('";

    private final AntlrSourceText src;

    AntlrSyntaxMessages(AntlrSourceText src) {
        this.src = src;
    }

    SelectorSyntaxException unexpected(Parser parser, Token offending) {
        TokenStream tokens = parser.getInputStream();
        Token previous = offending.getTokenIndex() > 0 ? tokens.get(offending.getTokenIndex() - 1) : null;
        int at = src.offsetOf(offending);
        String found = src.describe(offending);
        int prevType = previous == null ? Token.INVALID_TYPE : previous.getType();
        switch (prevType) {
            case SelectorLexer.LABEL:
                return expected(AntlrLexicalCheck.OPERATORS + " after label '" + previous.getText() + "'", at, found
                        + functionHint(previous, offending));
            case SelectorLexer.EQ:
            case SelectorLexer.NE:
            case SelectorLexer.CONTAINS:
            case SelectorLexer.STARTS_WITH:
            case SelectorLexer.ENDS_WITH:
                return expected("a quoted value after '" + operatorName(prevType) + "'", at, found);
            case SelectorLexer.IN:
            case SelectorLexer.NOT_IN:
                return expected("'{' after '" + operatorName(prevType) + "'", at, found);
            case SelectorLexer.LBRACE:
            case SelectorLexer.COMMA:
                return expected("a quoted value or '}' after '" + previous.getText() + "'", at, found);
            case SelectorLexer.STRING:
                if (inSetLiteral(parser)) {
                    return expected("',' or '}' after a set value", at, found);
                }
                return endOfOperand(parser, at, found);
            case Token.INVALID_TYPE:
            case SelectorLexer.NOT:
            case SelectorLexer.AND:
            case SelectorLexer.OR:
            case SelectorLexer.LPAREN:
                String after = previous == null ? "" : " after '" + previous.getText() + "'";
                return src.error("unexpected " + found + " at offset " + at + ": expected " + OPERAND + after, at);
            default: // ), }, has(..), all(), global(): a complete operand
                return endOfOperand(parser, at, found);
        }
    }

    /** {@code has (a)}, {@code ALL()}: probably meant as a function, which Calico spells exactly. */
    private static String functionHint(Token label, Token next) {
        String name = label.getText().toLowerCase(Locale.ROOT);
        boolean function = name.equals("has") || name.equals("all") || name.equals("global");
        return function && next.getType() == SelectorLexer.LPAREN
                ? " (functions are written in lower case with no space before '(': has(label), all(), global())"
                : "";
    }

    /** After a complete operand only {@code &&}, {@code ||}, a closing paren or the end may come. */
    private SelectorSyntaxException endOfOperand(Parser parser, int at, String found) {
        Token open = innermostOpenParen(parser);
        String expected = open == null
                ? "'&&', '||' or end of selector"
                : "'&&', '||' or ')' to close the '(' at offset " + src.offsetOf(open);
        return src.error("unexpected " + found + " at offset " + at + ": expected " + expected, at);
    }

    private SelectorSyntaxException expected(String what, int at, String found) {
        return src.error("expected " + what + " at offset " + at + ", found " + found, at);
    }

    private static boolean inSetLiteral(Parser parser) {
        RuleContext ctx = parser.getContext();
        return ctx instanceof SelectorParser.MembershipContext || ctx instanceof SelectorParser.ValueListContext;
    }

    private static Token innermostOpenParen(Parser parser) {
        for (RuleContext ctx = parser.getContext(); ctx != null; ctx = ctx.parent) {
            if (ctx instanceof SelectorParser.GroupContext group) {
                return group.LPAREN().getSymbol();
            }
        }
        return null;
    }

    /** Canonical spelling, whatever blanks separated the words in the input. */
    private static String operatorName(int type) {
        switch (type) {
            case SelectorLexer.EQ:
                return "==";
            case SelectorLexer.NE:
                return "!=";
            case SelectorLexer.CONTAINS:
                return "contains";
            case SelectorLexer.STARTS_WITH:
                return "starts with";
            case SelectorLexer.ENDS_WITH:
                return "ends with";
            case SelectorLexer.IN:
                return "in";
            case SelectorLexer.NOT_IN:
                return "not in";
            default:
                throw new AssertionError(type);
        }
    }
}

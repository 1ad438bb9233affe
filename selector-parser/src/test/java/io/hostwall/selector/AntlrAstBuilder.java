package io.hostwall.selector;

import com.google.common.collect.ImmutableList;
import io.hostwall.selector.grammar.SelectorLexer;
import io.hostwall.selector.grammar.SelectorParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Turns the parse tree into the {@link Expr} tree, following Calico's parser: one And/Or node
 * per run of the same operator, a single operand passed through, adjacent {@code !} folded by
 * parity, and a parenthesised group returned as its inner node (so nesting, not flattening).
 */
final class AntlrAstBuilder {
    private AntlrAstBuilder() {
    }

    static Expr build(SelectorParser.SelectorContext ctx) {
        return ctx.orExpr() == null ? new All() : or(ctx.orExpr());
    }

    private static Expr or(SelectorParser.OrExprContext ctx) {
        List<SelectorParser.AndExprContext> parts = ctx.andExpr();
        if (parts.size() == 1) {
            return and(parts.get(0));
        }
        List<Expr> operands = new ArrayList<>(parts.size());
        for (SelectorParser.AndExprContext part : parts) {
            operands.add(and(part));
        }
        return new Or(ImmutableList.copyOf(operands));
    }

    private static Expr and(SelectorParser.AndExprContext ctx) {
        List<SelectorParser.UnaryContext> parts = ctx.unary();
        if (parts.size() == 1) {
            return unary(parts.get(0));
        }
        List<Expr> operands = new ArrayList<>(parts.size());
        for (SelectorParser.UnaryContext part : parts) {
            operands.add(unary(part));
        }
        return new And(ImmutableList.copyOf(operands));
    }

    private static Expr unary(SelectorParser.UnaryContext ctx) {
        Expr operand = primary(ctx.primary());
        return ctx.NOT().size() % 2 == 1 ? new Not(operand) : operand;
    }

    private static Expr primary(SelectorParser.PrimaryContext ctx) {
        if (ctx instanceof SelectorParser.HasCallContext c) {
            return new Has(hasLabel(c.HAS().getText()));
        } else if (ctx instanceof SelectorParser.AllCallContext) {
            return new All();
        } else if (ctx instanceof SelectorParser.GlobalCallContext) {
            return new Global();
        } else if (ctx instanceof SelectorParser.GroupContext c) {
            return or(c.orExpr());
        } else if (ctx instanceof SelectorParser.ComparisonContext c) {
            return comparison(c.op, c.LABEL().getText(), unquote(c.STRING().getSymbol()));
        } else if (ctx instanceof SelectorParser.MembershipContext c) {
            List<String> values = new ArrayList<>();
            if (c.valueList() != null) {
                for (var s : c.valueList().STRING()) {
                    values.add(unquote(s.getSymbol()));
                }
            }
            String label = c.LABEL().getText();
            return c.op.getType() == SelectorLexer.IN ? In.of(label, values) : NotIn.of(label, values);
        }
        throw new AssertionError("unknown primary " + ctx.getClass());
    }

    private static Expr comparison(Token op, String label, String value) {
        switch (op.getType()) {
            case SelectorLexer.EQ:
                return new Equals(label, value);
            case SelectorLexer.NE:
                return new NotEquals(label, value);
            case SelectorLexer.CONTAINS:
                return new Contains(label, value);
            case SelectorLexer.STARTS_WITH:
                return new StartsWith(label, value);
            case SelectorLexer.ENDS_WITH:
                return new EndsWith(label, value);
            default:
                throw new AssertionError("unknown comparison " + op);
        }
    }

    /** The label inside {@code has(  label  )}; blanks are spaces and tabs only. */
    private static String hasLabel(String text) {
        int start = "has(".length();
        int end = text.length() - 1; // the ')'
        while (text.charAt(start) == ' ' || text.charAt(start) == '\t') {
            start++;
        }
        while (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t') {
            end--;
        }
        return text.substring(start, end);
    }

    /** A literal's value is everything between its quotes, byte for byte. */
    private static String unquote(Token literal) {
        String text = literal.getText();
        return text.substring(1, text.length() - 1);
    }
}

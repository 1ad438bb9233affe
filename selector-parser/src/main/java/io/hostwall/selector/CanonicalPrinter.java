package io.hostwall.selector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * Calico's canonical selector string ({@code collectFragments} in ast.go; selector-semantics.md
 * §6). Byte for byte, because the UID is a hash of it and other code keys caches on it.
 *
 * <ul>
 *   <li>comparisons print as {@code label op Q(v)} with single spaces; {@code startswith} and
 *       {@code notin} come out as two words;
 *   <li>set values print in their (already canonical) UTF-8 order, joined by {@code ", "};
 *   <li>{@code &&} and {@code ||} nodes are always wrapped in parentheses, even at the top;
 *   <li>{@code !} is followed directly by its operand with no parentheses added, so
 *       {@code !(a == "b")} prints as {@code !a == "b"} and {@code Not(Not(x))} as {@code !!x}.
 * </ul>
 */
final class CanonicalPrinter {
    private CanonicalPrinter() {
    }

    static String print(Expr e) {
        return print(e, 16);
    }

    /**
     * @param capacity the expected length, e.g. that of the parsed text (which is usually about as
     *                 long), so that the buffer is not grown and copied along the way
     */
    static String print(Expr e, int capacity) {
        StringBuilder out = new StringBuilder(capacity);
        append(out, e);
        return out.toString();
    }

    private static void append(StringBuilder out, Expr e) {
        if (e instanceof Equals x) {
            comparison(out, x.label(), " == ", x.value());
        } else if (e instanceof NotEquals x) {
            comparison(out, x.label(), " != ", x.value());
        } else if (e instanceof Contains x) {
            comparison(out, x.label(), " contains ", x.value());
        } else if (e instanceof StartsWith x) {
            comparison(out, x.label(), " starts with ", x.value());
        } else if (e instanceof EndsWith x) {
            comparison(out, x.label(), " ends with ", x.value());
        } else if (e instanceof In x) {
            membership(out, x.label(), " in {", x.values());
        } else if (e instanceof NotIn x) {
            membership(out, x.label(), " not in {", x.values());
        } else if (e instanceof Has x) {
            out.append("has(").append(x.label()).append(')');
        } else if (e instanceof All) {
            out.append("all()");
        } else if (e instanceof Global) {
            out.append("global()");
        } else if (e instanceof Not x) {
            out.append('!');
            append(out, x.operand());
        } else if (e instanceof And x) {
            joined(out, x.operands(), " && ");
        } else if (e instanceof Or x) {
            joined(out, x.operands(), " || ");
        } else {
            throw new AssertionError("Expr is sealed; unknown node " + e.getClass());
        }
    }

    private static void comparison(StringBuilder out, String label, String op, String value) {
        out.append(label).append(op);
        Literals.appendQuoted(out, value);
    }

    private static void membership(StringBuilder out, String label, String opAndBrace, ImmutableSet<String> values) {
        out.append(label).append(opAndBrace);
        boolean first = true;
        for (String v : values) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            Literals.appendQuoted(out, v);
        }
        out.append('}');
    }

    private static void joined(StringBuilder out, ImmutableList<Expr> operands, String op) {
        out.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                out.append(op);
            }
            append(out, operands.get(i));
        }
        out.append(')');
    }
}

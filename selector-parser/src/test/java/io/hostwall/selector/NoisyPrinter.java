package io.hostwall.selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Prints a tree the way people write selectors rather than canonically: random blanks (spaces and
 * tabs, none where none is needed), either quote style where the value allows, {@code startswith}
 * and {@code notin} spellings, {@code has( a )}, shuffled and repeated set values, a trailing
 * comma, redundant parentheses and pairs of {@code !}. Everything it adds must parse back to the
 * very same tree.
 */
final class NoisyPrinter {
    private final Random random;
    private final StringBuilder out = new StringBuilder();

    private NoisyPrinter(Random random) {
        this.random = random;
    }

    static String print(Expr e, Random random) {
        NoisyPrinter p = new NoisyPrinter(random);
        if (e instanceof All && random.nextInt(4) == 0) {
            p.blanks(); // an empty or blank selector is all()
            return p.out.toString();
        }
        p.blanks();
        p.expr(e);
        p.blanks();
        return p.out.toString();
    }

    private void expr(Expr e) {
        if (random.nextInt(6) == 0) { // two adjacent '!' fold away (on an And/Or: on its first operand)
            out.append('!');
            blanks();
            out.append('!');
            blanks();
        }
        boolean extraParens = random.nextInt(6) == 0;
        if (extraParens) {
            out.append('(');
            blanks();
        }
        bare(e);
        if (extraParens) {
            blanks();
            out.append(')');
        }
    }

    private void bare(Expr e) {
        if (e instanceof Equals x) {
            comparison(x.label(), "==", x.value(), false);
        } else if (e instanceof NotEquals x) {
            comparison(x.label(), "!=", x.value(), false);
        } else if (e instanceof Contains x) {
            comparison(x.label(), "contains", x.value(), true);
        } else if (e instanceof StartsWith x) {
            comparison(x.label(), pick("starts with", "startswith", "starts\twith", "starts  with"), x.value(), true);
        } else if (e instanceof EndsWith x) {
            comparison(x.label(), pick("ends with", "endswith", "ends \t with"), x.value(), true);
        } else if (e instanceof In x) {
            membership(x.label(), "in", new ArrayList<>(x.values()));
        } else if (e instanceof NotIn x) {
            membership(x.label(), pick("not in", "notin", "not\tin"), new ArrayList<>(x.values()));
        } else if (e instanceof Has x) {
            out.append("has(");
            blanks();
            out.append(x.label());
            blanks();
            out.append(')');
        } else if (e instanceof All) {
            out.append("all(");
            blanks();
            out.append(')');
        } else if (e instanceof Global) {
            out.append("global(");
            blanks();
            out.append(')');
        } else if (e instanceof Not x) {
            out.append('!');
            blanks();
            // '!' binds tighter than && and ||, and two adjacent '!' would fold away: those
            // operands need parentheses to stay what they are.
            Expr operand = x.operand();
            if (operand instanceof Not || operand instanceof And || operand instanceof Or) {
                out.append('(');
                expr(operand);
                out.append(')');
            } else {
                expr(operand);
            }
        } else if (e instanceof And x) {
            nary(x.operands(), "&&");
        } else if (e instanceof Or x) {
            nary(x.operands(), "||");
        }
    }

    private void nary(List<Expr> operands, String op) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                blanks();
                out.append(op);
                blanks();
            }
            Expr operand = operands.get(i);
            // A nested And/Or is a separate node only when parenthesised.
            if (operand instanceof And || operand instanceof Or) {
                out.append('(');
                blanks();
                expr(operand);
                blanks();
                out.append(')');
            } else {
                expr(operand);
            }
        }
    }

    private void comparison(String label, String op, String value, boolean wordOperator) {
        out.append(label);
        if (wordOperator) {
            out.append(' '); // a label swallows any letters that touch it
        }
        blanks();
        out.append(op);
        blanks();
        quoted(value);
    }

    private void membership(String label, String op, List<String> values) {
        if (!values.isEmpty() && random.nextBoolean()) {
            values.add(values.get(random.nextInt(values.size()))); // duplicates are dropped
        }
        Collections.shuffle(values, random);
        out.append(label).append(' ');
        blanks();
        out.append(op);
        blanks();
        out.append('{');
        for (int i = 0; i < values.size(); i++) {
            blanks();
            if (i > 0) {
                out.append(',');
                blanks();
            }
            quoted(values.get(i));
        }
        if (!values.isEmpty() && random.nextInt(4) == 0) {
            out.append(','); // one trailing comma is allowed
        }
        blanks();
        out.append('}');
    }

    private void quoted(String value) {
        char quote;
        if (value.contains("\"")) {
            quote = '\'';
        } else if (value.contains("'")) {
            quote = '"';
        } else {
            quote = random.nextBoolean() ? '"' : '\'';
        }
        out.append(quote).append(value).append(quote);
    }

    private void blanks() {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.append(random.nextInt(3) == 0 ? '\t' : ' ');
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}

package io.hostwall.selector;

import java.util.Map;

/**
 * The immutable syntax tree of a selector, as Calico's parser builds it (selector-semantics.md §3
 * and §4).
 *
 * <p>The tree keeps what affects the canonical string: {@code &&} and {@code ||} are n-ary with at
 * least two operands, explicit parentheses stay as nesting ({@code (a && b) && c} is
 * {@code And[And[a, b], c]}), and a {@code !} in front of a parenthesised group is a separate
 * {@link Not}, so {@code !(!has(a))} is {@code Not(Not(Has(a)))}. Only adjacent {@code !} tokens
 * are folded by parity while parsing.
 *
 * <p>Records can also be built in code. Their constructors check labels and values so that every
 * tree prints as a string {@link Selector#parse} accepts; {@link Selector#of(Expr)} wraps one.
 *
 * <p>{@code toString()} of every node is its canonical selector text.
 */
public sealed interface Expr
        permits Equals, NotEquals, Contains, StartsWith, EndsWith, In, NotIn, Has, All, Global, Not, And, Or {

    /**
     * Evaluates this expression against a label map (Calico's {@code Evaluate}). A key mapped to
     * {@code null} counts as absent. Does not allocate: one map lookup per label test.
     *
     * @param labels the labels of a resource
     * @return whether this expression is true for them
     * @throws NullPointerException if {@code labels} is null
     */
    boolean matches(Map<String, String> labels);
}

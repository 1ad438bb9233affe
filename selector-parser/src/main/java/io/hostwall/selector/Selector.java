package io.hostwall.selector;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Calico label selector: immutable, thread-safe, and equal to another selector exactly
 * when their canonical strings are equal (Calico compares UIDs, which hash that string).
 *
 * <p>The language is Calico's, as specified in {@code shared/reference/selector-semantics.md}:
 * {@code ==}, {@code !=}, {@code in}/{@code not in} sets, {@code has()}, {@code contains},
 * {@code starts with}, {@code ends with}, {@code all()}, {@code global()}, {@code !}, {@code &&},
 * {@code ||} and parentheses; string literals in either quote style without escapes; only space and
 * tab as whitespace; no reserved words.
 *
 * <pre>{@code
 * Selector s = Selector.parse("role == 'db' && !has(dmz)");
 * s.matches(Map.of("role", "db"));   // true
 * s.toString();                      // (role == "db" && !has(dmz))
 * }</pre>
 */
public final class Selector {
    private static final Selector ALL = new Selector(new All());
    private static final Selector NO_MATCH = new Selector(new Not(new All()));

    private final Expr ast;
    private final String canonical;
    private final String uniqueId;
    /** Worked out on first use: most selectors are only matched, and Calico too computes them on demand. */
    private final LazyRestrictions restrictions = new LazyRestrictions();

    private Selector(Expr ast) {
        this(ast, 16);
    }

    /** @param textLength the length of the text it was parsed from, a hint for printing it */
    private Selector(Expr ast, int textLength) {
        this.ast = ast;
        this.canonical = CanonicalPrinter.print(ast, textLength + 16);
        this.uniqueId = UniqueIds.of(canonical);
    }

    /**
     * Parses a selector exactly as Calico's {@code selector.Parse} does: the same strings are
     * accepted, they mean the same, and they print the same. An empty or blank (spaces and tabs)
     * string is {@code all()}. Nothing is trimmed: a trailing newline is an error, as in Calico.
     *
     * @param text the selector as written, e.g. a manifest's {@code spec.selector}
     * @return the parsed selector
     * @throws SelectorSyntaxException if {@code text} is not a selector (the only exception thrown
     *                                  for a non-null argument)
     * @throws NullPointerException     if {@code text} is null
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "selector text");
        return new Selector(SelectorReader.read(text), text.length());
    }

    /**
     * Wraps a syntax tree built in code; its labels and values were checked when it was built.
     * Its text parses back to an equivalent selector, provided the tree is not nested deeper than
     * the parser's limit of 256 parenthesised levels.
     *
     * @param ast the tree; it prints as a string {@link #parse} accepts
     * @return the selector the tree stands for
     */
    public static Selector of(Expr ast) {
        return new Selector(Objects.requireNonNull(ast, "ast"));
    }

    /**
     * {@code all()}: matches everything; also what an empty selector means.
     *
     * @return the shared {@code all()} selector
     */
    public static Selector all() {
        return ALL;
    }

    /**
     * {@code !all()}: matches nothing (Calico's {@code selector.NoMatch}).
     *
     * @return the shared {@code !all()} selector
     */
    public static Selector noMatch() {
        return NO_MATCH;
    }

    /**
     * Whether a resource with these labels is selected. A key mapped to {@code null} counts as
     * absent. Allocates nothing beyond what the map's {@code get} does.
     *
     * @param labels the labels of a resource
     * @return whether this selector selects it
     * @throws NullPointerException if {@code labels} is null
     */
    public boolean matches(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        return ast.matches(labels);
    }

    /**
     * The immutable syntax tree, e.g. for rewriting labels or analysing a selector.
     *
     * @return the root node; {@link All} for an empty selector
     */
    public Expr ast() {
        return ast;
    }

    /**
     * Calico's {@code UniqueID()}: {@code "s:" + base64url_nopad(SHA-224("s:" + toString()))}.
     *
     * @return the UID, e.g. {@code s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug} for {@code all()}
     */
    public String uniqueId() {
        return uniqueId;
    }

    /**
     * Per label, what any label map this selector matches must satisfy. An <em>optimisation hint</em>
     * for label indexes (see {@link LabelRestriction}): sound (a selector only matches label maps
     * that every restriction {@linkplain LabelRestriction#permits permits}) but not complete (a map
     * that satisfies all of them may still not match). Labels without a restriction are left out;
     * sorted by label. Worked out on the first call and kept.
     *
     * @return an immutable map from label name to restriction
     */
    public Map<String, LabelRestriction> labelRestrictions() {
        return restrictions.of(ast);
    }

    /**
     * Calico's canonical form, byte for byte; {@code parse(toString())} selects the same labels.
     *
     * @return the canonical selector text
     */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /**
     * The memoised result of {@link RestrictionAnalysis}. Threads that race on the first call each
     * compute the same immutable map and one of them is kept, so the selector stays immutable as
     * far as anyone can observe (as {@link String#hashCode} does).
     */
    private static final class LazyRestrictions {
        private volatile ImmutableSortedMap<String, LabelRestriction> value;

        ImmutableSortedMap<String, LabelRestriction> of(Expr ast) {
            ImmutableSortedMap<String, LabelRestriction> v = value;
            if (v == null) {
                v = RestrictionAnalysis.of(ast);
                value = v;
            }
            return v;
        }
    }
}

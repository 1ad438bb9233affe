package io.hostwall.selector;

import com.google.common.collect.ImmutableSet;
import java.util.Objects;
import java.util.Optional;

/**
 * What a selector needs of one label in order to match: an <em>optimisation hint</em> for label
 * indexes, never a replacement for {@link Selector#matches}. Calico's {@code LabelRestriction}
 * (selector-semantics.md §8).
 *
 * <p>The guarantee is one-way: if a selector matches a label map, then every restriction in
 * {@link Selector#labelRestrictions()} {@linkplain #permits(Optional) permits} that map's value of
 * the label. So an index may skip items a restriction rules out, but an item it keeps still has to
 * be checked with {@link Selector#matches}. A label the selector says nothing definite about (for
 * example one only used under {@code !=} or {@code !}) has no restriction at all.
 *
 * @param mustBePresent  the label has to be present (e.g. {@code has(a)}, {@code a == "x"},
 *                       {@code a contains "x"})
 * @param mustBeAbsent   the label has to be absent ({@code !has(a)}); together with
 *                       {@code mustBePresent} the selector cannot match anything
 * @param allowedValues  when present, the label's value has to be one of these (from {@code ==} and
 *                       {@code in}); an empty set means the selector cannot match anything (e.g.
 *                       {@code a == "x" && a == "y"}); sorted by UTF-8 bytes. Only given together
 *                       with {@code mustBePresent} (the constructor throws
 *                       {@link IllegalArgumentException} otherwise).
 */
public record LabelRestriction(boolean mustBePresent, boolean mustBeAbsent,
        Optional<ImmutableSet<String>> allowedValues) {

    /**
     * Checks that values come only with {@code mustBePresent}, and puts them in canonical order.
     *
     * @param mustBePresent the label has to be present
     * @param mustBeAbsent  the label has to be absent
     * @param allowedValues the values the label may have, if limited; empty = none can match
     */
    public LabelRestriction {
        Objects.requireNonNull(allowedValues, "allowedValues");
        if (allowedValues.isPresent()) {
            ImmutableSet<String> canonical = Literals.canonicalSet(allowedValues.get());
            if (canonical != allowedValues.get()) {
                allowedValues = Optional.of(canonical);
            }
        }
        if (allowedValues.isPresent() && !mustBePresent) {
            throw new IllegalArgumentException("allowed values imply that the label must be present");
        }
    }

    /**
     * Whether a label with this value can satisfy the selector.
     *
     * @param value the label's value, or {@link Optional#empty()} when the label is absent
     * @return false when no selector with this restriction can match such a label map
     */
    public boolean permits(Optional<String> value) {
        if (value.isEmpty()) {
            return !mustBePresent;
        }
        return !mustBeAbsent && allowedValues.map(s -> s.contains(value.get())).orElse(true);
    }

    /**
     * Whether no label map at all satisfies this restriction, so that the selector matches nothing.
     *
     * @return true for e.g. {@code has(a) && !has(a)} or {@code a == "x" && a == "y"}
     */
    public boolean isUnsatisfiable() {
        return (mustBePresent && mustBeAbsent) || allowedValues.map(ImmutableSet::isEmpty).orElse(false);
    }
}

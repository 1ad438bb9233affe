package io.hostwall.selector;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Works out {@link Selector#labelRestrictions()} the way Calico's {@code LabelRestrictions()} does
 * (ast.go; selector-semantics.md §8):
 *
 * <ul>
 *   <li>{@code ==} and {@code in} need the label present with one of their values; {@code has},
 *       {@code contains}, {@code starts with} and {@code ends with} need it present;
 *   <li>{@code !has(k)} needs it absent; any other {@code !x}, {@code !=} and {@code not in} say
 *       nothing, because they also match when the label is missing;
 *   <li>AND adds restrictions up and intersects value sets (empty = cannot match);
 *   <li>OR keeps only what every branch requires and unites value sets (a branch without values
 *       drops them).
 * </ul>
 *
 * <p>One deliberate difference: Calico gives {@code a in {}} no value list (its parser leaves the
 * empty set nil); here it gets the empty list, which is also sound (the selector never matches)
 * and lets an index skip it.
 */
final class RestrictionAnalysis {
    private static final LabelRestriction NONE = new LabelRestriction(false, false, Optional.empty());
    private static final LabelRestriction PRESENT = new LabelRestriction(true, false, Optional.empty());
    private static final LabelRestriction ABSENT = new LabelRestriction(false, true, Optional.empty());

    private RestrictionAnalysis() {
    }

    static ImmutableSortedMap<String, LabelRestriction> of(Expr e) {
        Map<String, LabelRestriction> result = analyse(e);
        if (result.isEmpty()) {
            return ImmutableSortedMap.of();
        }
        // And/Or results are TreeMaps, already in label order: no sort needed to copy them.
        return result instanceof TreeMap<String, LabelRestriction> sorted
                ? ImmutableSortedMap.copyOfSorted(sorted)
                : ImmutableSortedMap.copyOf(result);
    }

    private static Map<String, LabelRestriction> analyse(Expr e) {
        if (e instanceof Equals x) {
            return Map.of(x.label(), oneOf(ImmutableSet.of(x.value())));
        } else if (e instanceof In x) {
            return Map.of(x.label(), oneOf(x.values()));
        } else if (e instanceof Has x) {
            return Map.of(x.label(), PRESENT);
        } else if (e instanceof Contains x) {
            return Map.of(x.label(), PRESENT);
        } else if (e instanceof StartsWith x) {
            return Map.of(x.label(), PRESENT);
        } else if (e instanceof EndsWith x) {
            return Map.of(x.label(), PRESENT);
        } else if (e instanceof Not x && x.operand() instanceof Has h) {
            return Map.of(h.label(), ABSENT);
        } else if (e instanceof And x) {
            return and(x.operands());
        } else if (e instanceof Or x) {
            return or(x.operands());
        }
        // !=, not in, !x (other than !has), all(), global(): true when the label is missing.
        return Map.of();
    }

    private static Map<String, LabelRestriction> and(List<Expr> operands) {
        Map<String, LabelRestriction> acc = null;
        for (int i = 0, n = operands.size(); i < n; i++) {
            Map<String, LabelRestriction> next = analyse(operands.get(i));
            if (next.isEmpty()) {
                continue;
            }
            if (acc == null) {
                acc = new TreeMap<>();
            }
            for (Map.Entry<String, LabelRestriction> entry : next.entrySet()) {
                LabelRestriction before = acc.get(entry.getKey());
                acc.put(entry.getKey(), before == null ? entry.getValue() : both(before, entry.getValue()));
            }
        }
        return acc == null ? Map.of() : acc;
    }

    private static Map<String, LabelRestriction> or(List<Expr> operands) {
        Map<String, LabelRestriction> first = analyse(operands.get(0));
        if (first.isEmpty()) {
            return Map.of(); // OR keeps only what every branch requires
        }
        TreeMap<String, LabelRestriction> acc = new TreeMap<>(first);
        for (int i = 1; i < operands.size() && !acc.isEmpty(); i++) {
            Map<String, LabelRestriction> next = analyse(operands.get(i));
            for (Iterator<Map.Entry<String, LabelRestriction>> it = acc.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, LabelRestriction> entry = it.next();
                LabelRestriction r = either(entry.getValue(), next.getOrDefault(entry.getKey(), NONE));
                if (r.mustBePresent() || r.mustBeAbsent()) {
                    entry.setValue(r);
                } else {
                    it.remove();
                }
            }
        }
        return acc;
    }

    private static LabelRestriction oneOf(ImmutableSet<String> values) {
        return new LabelRestriction(true, false, Optional.of(values));
    }

    /** What two AND-ed operands need together. */
    private static LabelRestriction both(LabelRestriction a, LabelRestriction b) {
        Optional<ImmutableSet<String>> values;
        if (a.allowedValues().isEmpty()) {
            values = b.allowedValues();
        } else if (b.allowedValues().isEmpty()) {
            values = a.allowedValues();
        } else {
            ImmutableSet<String> other = b.allowedValues().get();
            values = Optional.of(a.allowedValues().get().stream().filter(other::contains)
                    .collect(ImmutableSet.toImmutableSet()));
        }
        return new LabelRestriction(a.mustBePresent() || b.mustBePresent(), a.mustBeAbsent() || b.mustBeAbsent(),
                values);
    }

    /** What two OR-ed operands both need. */
    private static LabelRestriction either(LabelRestriction a, LabelRestriction b) {
        boolean present = a.mustBePresent() && b.mustBePresent();
        Optional<ImmutableSet<String>> values = Optional.empty();
        if (present && a.allowedValues().isPresent() && b.allowedValues().isPresent()) {
            List<String> union = new ArrayList<>(a.allowedValues().get());
            union.addAll(b.allowedValues().get());
            values = Optional.of(Literals.canonicalSet(union));
        }
        return new LabelRestriction(present, a.mustBeAbsent() && b.mustBeAbsent(), values);
    }
}

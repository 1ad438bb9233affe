package io.hostwall.compiler.plan;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.selector.LabelRestriction;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the items whose labels a selector matches without testing the selector against every item: an inverted
 * index (label → value → items) narrows the candidates to those satisfying the selector's most selective label
 * restriction (a label that must be present, possibly with one of a few values); only the candidates are
 * evaluated. Selectors with no such restriction ({@code all()}, {@code !has(x)}, {@code a != "b"}) scan.
 */
public final class LabelIndex<T> {
    private final ImmutableList<T> items;
    private final List<ImmutableSortedMap<String, String>> labels;
    private final Map<String, Map<String, BitSet>> byValue = new HashMap<>();
    private final Map<String, BitSet> byKey = new HashMap<>();

    LabelIndex(List<T> items, Function<T, ImmutableSortedMap<String, String>> labelsOf) {
        this.items = ImmutableList.copyOf(items);
        this.labels = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ImmutableSortedMap<String, String> l = labelsOf.apply(items.get(i));
            labels.add(l);
            for (Map.Entry<String, String> e : l.entrySet()) {
                byKey.computeIfAbsent(e.getKey(), k -> new BitSet()).set(i);
                byValue.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(e.getValue(), v -> new BitSet()).set(i);
            }
        }
    }

    /** The matching items, in the order they were given. */
    public ImmutableList<T> select(Selector selector) {
        BitSet candidates = candidates(selector).orElse(null);
        ImmutableList.Builder<T> out = ImmutableList.builder();
        if (candidates == null) {
            for (int i = 0; i < items.size(); i++) {
                if (selector.matches(labels.get(i))) {
                    out.add(items.get(i));
                }
            }
        } else {
            for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
                if (selector.matches(labels.get(i))) {
                    out.add(items.get(i));
                }
            }
        }
        return out.build();
    }

    /** The smallest candidate set one restriction allows, or empty when no restriction narrows anything. */
    private Optional<BitSet> candidates(Selector selector) {
        BitSet best = null;
        for (Map.Entry<String, LabelRestriction> e : selector.labelRestrictions().entrySet()) {
            LabelRestriction r = e.getValue();
            if (r.isUnsatisfiable()) {
                return Optional.of(new BitSet());
            }
            BitSet c;
            if (r.allowedValues().isPresent()) {
                c = new BitSet();
                Map<String, BitSet> values = byValue.getOrDefault(e.getKey(), Map.of());
                for (String v : r.allowedValues().get()) {
                    BitSet b = values.get(v);
                    if (b != null) {
                        c.or(b);
                    }
                }
            } else if (r.mustBePresent()) {
                c = byKey.getOrDefault(e.getKey(), new BitSet());
            } else {
                continue;
            }
            if (best == null || c.cardinality() < best.cardinality()) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }
}

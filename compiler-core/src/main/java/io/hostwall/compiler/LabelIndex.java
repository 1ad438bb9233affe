package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.selector.Selector;
import java.util.List;
import java.util.function.Function;

/** Finds the items whose labels a selector matches. */
final class LabelIndex<T> {
    private final ImmutableList<T> items;
    private final Function<T, ImmutableSortedMap<String, String>> labels;

    LabelIndex(List<T> items, Function<T, ImmutableSortedMap<String, String>> labels) {
        this.items = ImmutableList.copyOf(items);
        this.labels = labels;
    }

    /** The matching items, in the order they were given. */
    ImmutableList<T> select(Selector selector) {
        ImmutableList.Builder<T> out = ImmutableList.builder();
        for (T item : items) {
            if (selector.matches(labels.apply(item))) {
                out.add(item);
            }
        }
        return out.build();
    }
}

package io.hostwall.nftables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a list of named IR objects (chains or sets) differs from the list of the previous rendering: the objects
 * whose name was there but that are not the very same instance, the new names, the names gone. A warm agent's
 * ruleset keeps almost every chain and set as the same instance, so walking the two lists side by side costs a
 * reference comparison per object, where hashing every name cost milliseconds per sync (JFR, issue 9).
 *
 * <p>The IR lists are sorted by name, which makes this one merge walk; a list out of order (a hand-made ruleset)
 * only makes the walk see a moved name as gone and new, which the last step pairs again. A name twice in
 * {@code after} shows up as a new name that is already there, which the caller refuses.
 *
 * @param changed objects of {@code after} whose name {@code before} has, not the same instance
 * @param added objects of {@code after} whose name {@code before} lacks
 * @param removed names of {@code before} that {@code after} lacks
 * @param <T> the IR type
 */
record NameDiff<T>(List<T> changed, List<T> added, List<String> removed) {

    /** {@return whether the two lists held the same instances in the same places} */
    boolean isEmpty() {
        return changed.isEmpty() && added.isEmpty() && removed.isEmpty();
    }

    static <T> NameDiff<T> between(List<T> before, List<T> after, Function<T, String> name) {
        List<T> changed = new ArrayList<>();
        List<T> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (before == after) {
            return new NameDiff<>(changed, added, removed);
        }
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            T a = before.get(i);
            T b = after.get(j);
            if (a == b) {
                i++;
                j++;
                continue;
            }
            int c = name.apply(a).compareTo(name.apply(b));
            if (c == 0) {
                changed.add(b);
                i++;
                j++;
            } else if (c < 0) {
                removed.add(name.apply(a));
                i++;
            } else {
                added.add(b);
                j++;
            }
        }
        for (; i < before.size(); i++) {
            removed.add(name.apply(before.get(i)));
        }
        for (; j < after.size(); j++) {
            added.add(after.get(j));
        }
        if (!removed.isEmpty() && !added.isEmpty()) {
            pairMoved(changed, added, removed, name);
        }
        return new NameDiff<>(changed, added, removed);
    }

    /** A name both gone and new moved in an unsorted list: it is there before and after, so it changed. */
    private static <T> void pairMoved(List<T> changed, List<T> added, List<String> removed, Function<T, String> name) {
        Map<String, T> newByName = new HashMap<>();
        for (T t : added) {
            newByName.putIfAbsent(name.apply(t), t);
        }
        for (Iterator<String> it = removed.iterator(); it.hasNext();) {
            T moved = newByName.remove(it.next());
            if (moved != null) {
                it.remove();
                changed.add(moved);
                added.remove(moved);
            }
        }
    }
}

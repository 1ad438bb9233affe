package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Maps;
import com.google.common.collect.Ordering;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything hostwall wants in the kernel for one node and one backend: the backend's {@link
 * Dataplane#desired(io.hostwall.ir.Ruleset)} of a compiled ruleset. Immutable; iterates in {@link ObjectId} order.
 *
 * @param objects the objects by id
 */
public record DesiredState(ImmutableSortedMap<ObjectId, DesiredObject> objects) {
    private static final DesiredState EMPTY = new DesiredState(ImmutableSortedMap.of());

    /**
     * Checks that every object is filed under its own id, in {@link ObjectId} order.
     *
     * @param objects the objects by id, in natural order
     * @throws IllegalArgumentException if an object is filed under another id, or the map has another order
     */
    public DesiredState {
        Objects.requireNonNull(objects, "objects");
        if (!Ordering.natural().equals(objects.comparator())) {
            // Delta.between walks two states side by side: both must iterate in the one order of ObjectId.
            throw new IllegalArgumentException("a desired state's objects must be in ObjectId order");
        }
        objects.forEach((id, o) -> {
            if (id != o.id() && !id.equals(o.id())) {
                throw new IllegalArgumentException("object " + o.id() + " filed under " + id);
            }
        });
    }

    /**
     * A state of these objects.
     *
     * @param objects the objects; ids must be distinct
     * @return the state
     * @throws IllegalArgumentException for two objects with one id
     */
    public static DesiredState of(Collection<? extends DesiredObject> objects) {
        ImmutableSortedMap.Builder<ObjectId, DesiredObject> b = ImmutableSortedMap.naturalOrder();
        objects.forEach(o -> b.put(o.id(), o));
        return new DesiredState(b.buildOrThrow());
    }

    /** {@return the state with no objects: nothing of hostwall's in the kernel} */
    public static DesiredState empty() {
        return EMPTY;
    }

    /**
     * This state with {@code put} added (or replacing the objects of their ids) and the objects of {@code removed}
     * gone. What a live agent's sync does after a small change: the kept objects are copied in their order, each
     * change is placed by binary search, and no kept id is compared with another, so a patch of a few objects into
     * thousands costs a copy of references instead of {@link #of}'s sort (issue 9).
     *
     * @param put the objects to add or replace; ids distinct
     * @param removed the ids to remove; an id the state does not hold, or named twice, is removed once
     * @return the patched state
     * @throws IllegalArgumentException if two objects to put share an id, or an id is both put and removed
     */
    public DesiredState patched(Collection<? extends DesiredObject> put, Collection<ObjectId> removed) {
        if (put.isEmpty() && removed.isEmpty()) {
            return this;
        }
        // Each change as the object to place, or empty for a removal, in id order.
        TreeMap<ObjectId, Optional<DesiredObject>> changes = new TreeMap<>();
        for (DesiredObject o : put) {
            if (changes.put(o.id(), Optional.of(o)) != null) {
                throw new IllegalArgumentException("two objects with id " + o.id());
            }
        }
        for (ObjectId id : removed) {
            Optional<DesiredObject> before = changes.put(id, Optional.empty());
            if (before != null && before.isPresent()) {
                throw new IllegalArgumentException(id + " is both put and removed");
            }
        }
        ImmutableList<ObjectId> keys = objects.keySet().asList();
        ImmutableList<DesiredObject> values = objects.values().asList();
        List<Map.Entry<ObjectId, DesiredObject>> out = new ArrayList<>(keys.size() + put.size());
        int from = 0;
        for (Map.Entry<ObjectId, Optional<DesiredObject>> c : changes.entrySet()) {
            int at = Collections.binarySearch(keys, c.getKey());
            int keptTo = at >= 0 ? at : -at - 1;
            for (int i = from; i < keptTo; i++) {
                out.add(Maps.immutableEntry(keys.get(i), values.get(i)));
            }
            c.getValue().ifPresent(o -> out.add(Maps.immutableEntry(o.id(), o)));
            from = at >= 0 ? at + 1 : keptTo;
        }
        for (int i = from; i < keys.size(); i++) {
            out.add(Maps.immutableEntry(keys.get(i), values.get(i)));
        }
        return new DesiredState(ImmutableSortedMap.copyOfSorted(new SortedRun(out)));
    }

    /**
     * Entries already in {@link ObjectId} order, offered as the sorted map that {@link
     * ImmutableSortedMap#copyOfSorted} copies without sorting or comparing (it reads the comparator and the entries;
     * a test checks that the copy equals the sorted one). Not a general sorted map: it has no views.
     */
    private static final class SortedRun extends AbstractMap<ObjectId, DesiredObject>
            implements SortedMap<ObjectId, DesiredObject> {
        private final List<Map.Entry<ObjectId, DesiredObject>> entries;

        SortedRun(List<Map.Entry<ObjectId, DesiredObject>> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Map.Entry<ObjectId, DesiredObject>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<ObjectId, DesiredObject>> iterator() {
                    return entries.iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }

                @Override
                public <T> T[] toArray(T[] a) {
                    return entries.toArray(a); // one array copy, where the iterator's would walk it entry by entry
                }
            };
        }

        @Override
        public Comparator<? super ObjectId> comparator() {
            return null; // natural order
        }

        @Override
        public SortedMap<ObjectId, DesiredObject> subMap(ObjectId fromKey, ObjectId toKey) {
            throw new UnsupportedOperationException("a sorted run is only copied");
        }

        @Override
        public SortedMap<ObjectId, DesiredObject> headMap(ObjectId toKey) {
            throw new UnsupportedOperationException("a sorted run is only copied");
        }

        @Override
        public SortedMap<ObjectId, DesiredObject> tailMap(ObjectId fromKey) {
            throw new UnsupportedOperationException("a sorted run is only copied");
        }

        @Override
        public ObjectId firstKey() {
            return entries.get(0).getKey();
        }

        @Override
        public ObjectId lastKey() {
            return entries.get(entries.size() - 1).getKey();
        }
    }
}

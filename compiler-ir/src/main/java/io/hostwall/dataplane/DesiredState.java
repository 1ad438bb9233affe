package io.hostwall.dataplane;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Ordering;
import java.util.Collection;
import java.util.Objects;

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
            if (!id.equals(o.id())) {
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
}

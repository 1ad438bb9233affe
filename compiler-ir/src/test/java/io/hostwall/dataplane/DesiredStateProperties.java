package io.hostwall.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Ordering;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** {@link DesiredState#patched} gives the state {@link DesiredState#of} builds from the same objects. */
class DesiredStateProperties {

    /**
     * Patching one state into another — the other's new or changed objects put, the ids it lacks removed, plus ids
     * neither holds — gives the other state: same entries, natural order, and the kept objects the very instances.
     */
    @Property(tries = 500)
    void patchingGivesTheStateBuiltFromScratch(@ForAll long seedA, @ForAll long seedB) {
        DesiredState a = wide(seedA);
        DesiredState b = wide(seedB);
        List<DesiredObject> put = new ArrayList<>();
        List<ObjectId> removed = new ArrayList<>();
        b.objects().forEach((id, o) -> {
            if (!o.equals(a.objects().get(id))) {
                put.add(o);
            }
        });
        a.objects().keySet().forEach(id -> {
            if (!b.objects().containsKey(id)) {
                removed.add(id);
            }
        });
        removed.add(ObjectId.chain(States.SCOPE, "zz-never-there"));
        removed.add(ObjectId.chain(States.SCOPE, "a-never-there"));
        DesiredState patched = a.patched(put, removed);
        assertEquals(b, patched);
        assertEquals(ImmutableList.copyOf(b.objects().keySet()), ImmutableList.copyOf(patched.objects().keySet()));
        assertEquals(Ordering.natural(), patched.objects().comparator());
        for (Map.Entry<ObjectId, DesiredObject> e : patched.objects().entrySet()) {
            DesiredObject before = a.objects().get(e.getKey());
            if (e.getValue().equals(before)) {
                assertSame(before, e.getValue(), e.getKey().toString());
            }
        }
    }

    @Example
    void anIdPutTwiceOrBothPutAndRemovedIsRefusedAndRemovedTwiceIsRemovedOnce() {
        DesiredObject.Set s = new DesiredObject.Set(States.set(1), "type ipv4_addr", ImmutableSortedSet.of());
        DesiredState empty = DesiredState.empty();
        assertThrows(IllegalArgumentException.class, () -> empty.patched(List.of(s, s), List.of()));
        assertThrows(IllegalArgumentException.class, () -> empty.patched(List.of(s), List.of(s.id())));
        assertSame(empty, empty.patched(List.of(), List.of()));
        DesiredState one = DesiredState.of(List.of(s));
        assertEquals(empty, one.patched(List.of(), List.of(s.id(), s.id())));
        assertEquals(DesiredState.of(List.of(s)), empty.patched(List.of(s), List.of()));
    }

    /** Three random states side by side under distinct name prefixes: enough objects for runs between changes. */
    private static DesiredState wide(long seed) {
        List<DesiredObject> objects = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            String prefix = "p" + part + "-";
            for (DesiredObject o : States.state(seed + part).objects().values()) {
                objects.add(renamed(o, prefix));
            }
        }
        return DesiredState.of(objects);
    }

    private static DesiredObject renamed(DesiredObject o, String prefix) {
        ObjectId id = new ObjectId(o.id().kind(), o.id().scope(), prefix + o.id().name());
        ImmutableSortedSet<ObjectId> uses;
        if (o instanceof DesiredObject.Set s) {
            return new DesiredObject.Set(id, s.declaration(), s.elements());
        } else if (o instanceof DesiredObject.Chain c) {
            uses = c.uses().stream().map(u -> new ObjectId(u.kind(), u.scope(), prefix + u.name()))
                    .collect(ImmutableSortedSet.toImmutableSortedSet(Ordering.natural()));
            return new DesiredObject.Chain(id, c.header(), c.rules(), uses);
        }
        DesiredObject.Hooks h = (DesiredObject.Hooks) o;
        uses = h.uses().stream().map(u -> new ObjectId(u.kind(), u.scope(), prefix + u.name()))
                .collect(ImmutableSortedSet.toImmutableSortedSet(Ordering.natural()));
        return new DesiredObject.Hooks(id, h.rules(), uses);
    }
}

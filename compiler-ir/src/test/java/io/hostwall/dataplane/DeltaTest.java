package io.hostwall.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeltaTest {
    private static final String T = "inet hostwall";

    static DesiredObject.Set set(String name, String decl, String... elements) {
        return new DesiredObject.Set(ObjectId.set(T, name), decl, ImmutableSortedSet.copyOf(elements));
    }

    static DesiredObject.Chain chain(String name, List<String> rules, ObjectId... uses) {
        return new DesiredObject.Chain(ObjectId.chain(T, name), "", ImmutableList.copyOf(rules),
                ImmutableSortedSet.copyOf(uses));
    }

    static DesiredObject.Hooks hooks(String name, List<String> rules, ObjectId... uses) {
        return new DesiredObject.Hooks(ObjectId.hooks("ip filter", name), ImmutableList.copyOf(rules),
                ImmutableSortedSet.copyOf(uses));
    }

    static DesiredState state(DesiredObject... objects) {
        return DesiredState.of(List.of(objects));
    }

    private static List<String> steps(Delta d) {
        return d.ops().stream().map(op -> op.getClass().getSimpleName() + " " + op.target().name()).toList();
    }

    /** Applies {@code from} then the delta to a fake kernel, which refuses any step out of order. */
    private static Delta checked(DesiredState from, DesiredState to) {
        FakeDataplane k = FakeDataplane.create();
        k.apply(Delta.replaceAll(from));
        Delta d = Delta.between(from, to);
        k.apply(d);
        assertEquals(DeltaProperties.content(DeltaProperties.fresh(to)), DeltaProperties.content(k));
        return d;
    }

    @Test
    void aSetGainingOneMemberIsOneAddElementsOfOneElement() {
        DesiredObject.Chain c = chain("c", List.of("ip saddr @s accept"), ObjectId.set(T, "s"));
        Delta d = checked(state(set("s", "ipv4", "10.0.0.1"), c), state(set("s", "ipv4", "10.0.0.1", "10.0.0.2"), c));
        assertEquals(List.of(new DeltaOp.AddElements(ObjectId.set(T, "s"), ImmutableList.of("10.0.0.2"))), d.ops());
    }

    @Test
    void aSetLosingAndGainingDeletesFirstAndAddsLast() {
        DesiredObject.Chain c1 = chain("c", List.of("accept"));
        DesiredObject.Chain c2 = chain("c", List.of("drop"));
        Delta d = checked(state(set("s", "ipv4", "a", "b"), c1), state(set("s", "ipv4", "b", "c"), c2));
        assertEquals(List.of("DeleteElements s", "FlushChain c", "AddRules c", "AddElements s"), steps(d));
    }

    @Test
    void aOneChainChangeTouchesOnlyThatChain() {
        DesiredObject.Chain a = chain("a", List.of("jump b"), ObjectId.chain(T, "b"));
        DesiredObject.Chain b1 = chain("b", List.of("tcp dport 22 accept"));
        DesiredObject.Chain b2 = chain("b", List.of("tcp dport 22 accept", "tcp dport 80 accept"));
        DesiredObject.Chain c = chain("c", List.of("drop"));
        Delta d = checked(state(a, b1, c), state(a, b2, c));
        assertEquals(List.of(new DeltaOp.EditRules(b1, b2,
                ImmutableList.of(new DeltaOp.RuleHunk(1, 0, ImmutableList.of("tcp dport 80 accept"))))), d.ops());
        // Rewriting most of a chain writes it whole.
        DesiredObject.Chain b3 = chain("b", List.of("tcp dport 443 accept", "tcp dport 80 accept"));
        assertEquals(List.of(new DeltaOp.FlushChain(b3.id()), new DeltaOp.AddRules(b3)),
                checked(state(a, b1, c), state(a, b3, c)).ops());
    }

    @Test
    void anEditOfALongChainTouchesOnlyTheEditedRules() {
        List<String> rules = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rules.add("tcp dport " + i + " accept");
        }
        DesiredObject.Chain before = chain("long", rules);
        rules.remove(10);
        rules.add(50, "jump b");
        DesiredObject.Chain after = chain("long", rules, ObjectId.chain(T, "b"));
        DesiredObject.Chain b = chain("b", List.of("drop"));
        Delta d = checked(state(before), state(after, b));
        assertEquals(List.of("CreateChain b", "AddRules b", "EditRules long"), steps(d));
        assertEquals(List.of(new DeltaOp.RuleHunk(10, 1, ImmutableList.of()),
                new DeltaOp.RuleHunk(51, 0, ImmutableList.of("jump b"))), ((DeltaOp.EditRules) d.ops().get(2)).hunks());
        // A repair writes a drifted chain whole.
        ObservedState seen = FakeDataplane.create().read();
        assertTrue(Delta.repair(state(after, b), new ObservedState(true, com.google.common.collect.ImmutableSortedMap.of(
                after.id(), new ObservedState.Observed(after.id(), 3, "x"), b.id(),
                new ObservedState.Observed(b.id(), 1, "y"))), Set.of(after.id())).ops().stream()
                .noneMatch(op -> op instanceof DeltaOp.EditRules), seen.toString());
    }

    @Test
    void removedChainsAreFlushedThenDeletedAfterHooksStopUsingThem() {
        DesiredObject.Chain old = chain("old", List.of("ip saddr @s drop"), ObjectId.set(T, "s"));
        DesiredObject.Chain keep = chain("keep", List.of("accept"));
        DesiredState from = state(set("s", "ipv4", "a"), old, keep,
                hooks("INPUT", List.of("-j old", "-j keep"), old.id(), keep.id()));
        DesiredState to = state(keep, hooks("INPUT", List.of("-j keep"), keep.id()));
        Delta d = checked(from, to);
        assertEquals(List.of("SyncHooks INPUT", "FlushChain old", "DeleteChain old", "DeleteSet s"), steps(d));
    }

    @Test
    void aReplacedSetHasItsUsersFlushedFirstAndRefilledAfter() {
        ObjectId s = ObjectId.set(T, "s");
        DesiredObject.Chain user = chain("user", List.of("ip saddr @s accept"), s);
        DesiredObject.Chain gone = chain("gone", List.of("ip daddr @s drop"), s);
        DesiredObject.Chain other = chain("other", List.of("accept"));
        DesiredState from = state(set("s", "ipv4", "a"), user, gone, other);
        DesiredState to = state(set("s", "ipv4 interval", "a"), user, other);
        Delta d = checked(from, to);
        assertEquals(List.of("FlushChain user", "FlushChain gone", "ReplaceSet s", "AddRules user",
                "DeleteChain gone"), steps(d));
    }

    @Test
    void followsFelixOrderAcrossEveryKindOfChange() {
        ObjectId s = ObjectId.set(T, "s");
        ObjectId n = ObjectId.set(T, "n");
        DesiredObject.Chain base1 = new DesiredObject.Chain(ObjectId.chain(T, "base"), "hook input priority 0;",
                ImmutableList.of("jump a"), ImmutableSortedSet.of(ObjectId.chain(T, "a")));
        DesiredObject.Chain base2 = new DesiredObject.Chain(ObjectId.chain(T, "base"), "hook input priority 10;",
                ImmutableList.of("jump a", "jump fresh"),
                ImmutableSortedSet.of(ObjectId.chain(T, "a"), ObjectId.chain(T, "fresh")));
        DesiredObject.Chain a1 = chain("a", List.of("ip saddr @s accept", "jump old"), s, ObjectId.chain(T, "old"));
        DesiredObject.Chain a2 = chain("a", List.of("ip saddr @s accept", "ip saddr @n accept"), s, n);
        DesiredObject.Chain old = chain("old", List.of("drop"));
        DesiredObject.Chain fresh = chain("fresh", List.of("accept"));
        DesiredState from = state(set("s", "ipv4", "1", "2"), set("gone", "ipv4"), base1, a1, old,
                hooks("INPUT", List.of("-j a"), a1.id()));
        DesiredState to = state(set("s", "ipv4", "2", "3"), set("n", "ipv4", "9"), base2, a2, fresh,
                hooks("INPUT", List.of("-m comment -j a"), a2.id()));
        Delta d = checked(from, to);
        assertEquals(List.of("DeleteElements s", "CreateSet n", "CreateChain fresh", "FlushChain a",
                "FlushChain base", "DeleteChain base", "CreateChain base", "AddRules a", "AddRules base",
                "AddRules fresh", "AddElements s", "SyncHooks INPUT", "FlushChain old", "DeleteChain old",
                "DeleteSet gone"), steps(d));
    }

    @Test
    void equalStatesNeedNothingAndEqualInputsGiveEqualDeltas() {
        DesiredState a = States.state(1);
        DesiredState b = States.state(2);
        assertTrue(Delta.between(a, a).isEmpty());
        assertEquals(Delta.between(a, b), Delta.between(States.state(1), States.state(2)));
        assertEquals(Delta.between(a, b).ops(), Delta.between(a, b).ops());
    }

    @Test
    void repairOfAGoneTableIsAReplaceAllAndOfLeftoversARemoval() {
        DesiredState want = state(set("s", "ipv4", "a"), chain("c", List.of("ip saddr @s accept"),
                ObjectId.set(T, "s")));
        assertTrue(Delta.repair(want, new ObservedState(false, com.google.common.collect.ImmutableSortedMap.of()),
                Set.of()).isReplaceAll());
        FakeDataplane k = FakeDataplane.create();
        k.apply(Delta.replaceAll(state(set("s", "ipv4", "a"), chain("c", List.of("ip saddr @s accept"),
                ObjectId.set(T, "s")), chain("leftover", List.of("drop")))));
        Delta repair = Delta.repair(want, k.read(), Set.of());
        assertEquals(List.of("FlushChain leftover", "DeleteChain leftover"), steps(repair));
        k.apply(repair);
        assertEquals(DeltaProperties.content(DeltaProperties.fresh(want)), DeltaProperties.content(k));
    }
}

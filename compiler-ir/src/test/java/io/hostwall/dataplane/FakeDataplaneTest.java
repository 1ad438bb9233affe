package io.hostwall.dataplane;

import static io.hostwall.dataplane.DeltaTest.chain;
import static io.hostwall.dataplane.DeltaTest.hooks;
import static io.hostwall.dataplane.DeltaTest.set;
import static io.hostwall.dataplane.DeltaTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeDataplaneTest {
    private static final String T = "inet hostwall";
    private static final ObjectId S = ObjectId.set(T, "s");
    private static final ObjectId C = ObjectId.chain(T, "c");

    private final FakeDataplane k = FakeDataplane.create();

    FakeDataplaneTest() {
        k.apply(Delta.replaceAll(state(set("s", "ipv4", "a"), chain("c", List.of("ip saddr @s accept"), S),
                hooks("INPUT", List.of("-j c"), C))));
    }

    private void refused(DeltaOp... ops) {
        String before = k.dump();
        int refusals = k.refusals();
        // A good first step proves the refusal is all-or-nothing.
        List<DeltaOp> all = new java.util.ArrayList<>();
        all.add(new DeltaOp.AddElements(S, ImmutableList.of("zz")));
        all.addAll(List.of(ops));
        assertThrows(DataplaneException.class, () -> k.apply(new Delta(ImmutableList.copyOf(all))));
        assertEquals(before, k.dump());
        assertEquals(refusals + 1, k.refusals());
    }

    @Test
    void refusesWhatTheKernelRefusesAndChangesNothing() {
        refused(new DeltaOp.CreateSet(set("s", "ipv4")));
        refused(new DeltaOp.CreateChain(C, ""));
        refused(new DeltaOp.FlushChain(ObjectId.chain(T, "missing")));
        refused(new DeltaOp.AddRules(chain("missing", List.of("accept"))));
        refused(new DeltaOp.AddRules(chain("c", List.of("jump x"), ObjectId.chain(T, "x"))));
        refused(new DeltaOp.SyncHooks(hooks("INPUT", List.of("-j x"), ObjectId.chain(T, "x"))));
        refused(new DeltaOp.DeleteSet(S));
        refused(new DeltaOp.ReplaceSet(set("s", "ipv6")));
        refused(new DeltaOp.RemoveHooks(ObjectId.hooks("ip filter", "INPUT")), new DeltaOp.DeleteChain(C));
        refused(new DeltaOp.DeleteElements(S, ImmutableList.of("nope")));
        refused(new DeltaOp.AddElements(S, ImmutableList.of("a")));
        refused(new DeltaOp.ReplaceAll(state(chain("c", List.of("ip saddr @s accept"), S))));
        // An edit made for other content than the chain holds (a stale belief) is refused, as a stale handle is.
        DesiredObject.Chain wrong = chain("c", List.of("drop"));
        DesiredObject.Chain next = chain("c", List.of("drop", "accept"));
        refused(new DeltaOp.EditRules(wrong, next,
                ImmutableList.of(new DeltaOp.RuleHunk(1, 0, ImmutableList.of("accept")))));
    }

    @Test
    void editsByIndex() {
        DesiredObject.Chain now = chain("c", List.of("ip saddr @s accept"), S);
        DesiredObject.Chain next = chain("c", List.of("tcp dport 1 drop", "ip saddr @s accept", "drop"), S);
        k.apply(new Delta(ImmutableList.of(new DeltaOp.EditRules(now, next, ImmutableList.of(
                new DeltaOp.RuleHunk(0, 0, ImmutableList.of("tcp dport 1 drop")),
                new DeltaOp.RuleHunk(1, 0, ImmutableList.of("drop")))))));
        assertTrue(k.dump().contains("  rule tcp dport 1 drop\n  rule ip saddr @s accept\n  rule drop\n"), k.dump());
    }

    @Test
    void injectedFailuresChangeNothingAndCount() {
        String before = k.dump();
        k.failNextApplies(2);
        Delta d = new Delta(ImmutableList.of(new DeltaOp.AddElements(S, ImmutableList.of("b"))));
        assertThrows(DataplaneException.class, () -> k.apply(d));
        assertThrows(DataplaneException.class, () -> k.apply(d));
        assertEquals(before, k.dump());
        k.apply(d);
        assertEquals(4, k.applies());
        assertEquals(2, k.refusals());
        assertEquals(d, k.lastApplied());
        assertTrue(k.bytes() > 0);
    }

    @Test
    void foreignRulesInHookChainsAreNotHostwallsButDuplicatesAre() {
        ObjectId input = ObjectId.hooks("ip filter", "INPUT");
        ObservedState.Observed clean = k.read().objects().get(input);
        k.insertForeignRule(input, "-j DOCKER");
        assertEquals(clean, k.read().objects().get(input));
        k.duplicateHook(input);
        assertEquals(2, k.read().objects().get(input).size());
        k.apply(Delta.replaceAll(state()));
        assertEquals("present true\nhooks ip filter INPUT\n  foreign -j DOCKER\n", k.dump());
    }

    @Test
    void deleteAllLeavesNoContainer() {
        k.deleteAll();
        assertEquals(new ObservedState(false, com.google.common.collect.ImmutableSortedMap.of()), k.read());
    }
}

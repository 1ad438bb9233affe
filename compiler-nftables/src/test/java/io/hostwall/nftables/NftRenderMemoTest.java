package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dataplane's memo of the previous rendering gives exactly what a fresh rendering gives. */
class NftRenderMemoTest {
    private static final ToolRunner NO_TOOLS = (command, stdin) -> {
        throw new AssertionError("no tool may run: " + command);
    };

    private static DesiredState fresh(Ruleset r, RenderOptions o) {
        return NftObjects.of(new NftTableBuilder(r, o).build());
    }

    @Test
    void aSequenceOfRulesetsGivesWhatFreshRenderingsGive() {
        for (boolean counters : List.of(false, true)) {
            RenderOptions o = new RenderOptions("hostwall", counters);
            NftDataplane d = new NftDataplane(o, NO_TOOLS);
            List<Ruleset> sequence = new ArrayList<>();
            for (Ruleset r : List.of(Samples.small(), Samples.everything(), Samples.other())) {
                sequence.add(r);
                sequence.add(withoutLastRuleOfEachOtherChain(r));
                sequence.add(r);
            }
            RandomIr random = new RandomIr(7L);
            for (int i = 0; i < 30; i++) {
                Ruleset r = random.next();
                sequence.add(r);
                sequence.add(withoutLastRuleOfEachOtherChain(r));
            }
            for (int i = 0; i < sequence.size(); i++) {
                Ruleset r = sequence.get(i);
                assertEquals(fresh(r, o), d.desired(r), "step " + i + " (" + r.node() + ")");
            }
        }
    }

    @Test
    void unchangedChainsAndSetsAreTheVeryObjectsOfThePreviousState() {
        NftDataplane d = new NftDataplane(RenderOptions.defaults(), NO_TOOLS);
        Ruleset before = Samples.everything();
        DesiredState first = d.desired(before);
        Ruleset after = withoutLastRuleOfEachOtherChain(before);
        DesiredState second = d.desired(after);
        assertEquals(fresh(after, RenderOptions.defaults()), second);
        assertTrue(d.reusedByLastDesired() > 0, "nothing reused");
        int same = 0;
        for (DesiredObject o : second.objects().values()) {
            DesiredObject prev = first.objects().get(o.id());
            if (prev != null && prev.equals(o)) {
                assertSame(prev, o, o.id().toString());
                same++;
            }
        }
        assertTrue(same > 0);
        // The same ruleset again: every chain and IR set is reused.
        DesiredState third = d.desired(after);
        assertEquals(after.baseChains().size() + after.chains().size() + after.sets().size(), d.reusedByLastDesired());
        for (ObjectId id : third.objects().keySet()) {
            assertSame(second.objects().get(id), third.objects().get(id), id.toString());
        }
    }

    @Test
    void aReusedChainWhoseSetIsGoneFailsAsAFreshRenderingFails() {
        Ruleset r = Samples.everything();
        IpSet used = r.sets().get(0);
        Ruleset broken = new Ruleset(r.node(), r.baseChains(), r.chains(),
                r.sets().stream().filter(s -> !s.equals(used)).collect(ImmutableList.toImmutableList()), r.marks());
        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                () -> fresh(broken, RenderOptions.defaults()));
        NftDataplane d = new NftDataplane(RenderOptions.defaults(), NO_TOOLS);
        d.desired(r);
        IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> d.desired(broken));
        assertEquals(expected.getMessage(), actual.getMessage());
        // And the memo is not poisoned by the failure.
        assertEquals(fresh(r, RenderOptions.defaults()), d.desired(r));
    }

    /**
     * The memo's shortcuts — the previous index taken over when the sets are the same objects and the chains keep
     * their names, the previous order reused — against fresh renderings, through steps that keep most objects the
     * very same while a chain comes, a chain goes, or a set changes its members or its family: each step gives what
     * a fresh rendering gives, or fails with its message.
     */
    @Test
    void stepsThatKeepMostObjectsGiveWhatFreshRenderingsGive() {
        RandomIr random = new RandomIr(11L);
        int compared = 0;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            Ruleset base = random.next();
            NftDataplane d = new NftDataplane(RenderOptions.defaults(), NO_TOOLS);
            List<Ruleset> steps = List.of(base, withExtraChain(base), base, withoutLastChain(base), base,
                    withSetChanged(base, false), base, withSetChanged(base, true), withExtraChain(base),
                    withoutLastChain(withExtraChain(base)), base);
            for (Ruleset r : steps) {
                String expected;
                try {
                    expected = fresh(r, RenderOptions.defaults()).toString();
                } catch (IllegalArgumentException e) {
                    expected = "refused: " + e.getMessage();
                }
                String actual;
                try {
                    actual = d.desired(r).toString();
                } catch (IllegalArgumentException e) {
                    actual = "refused: " + e.getMessage();
                }
                assertEquals(expected, actual, "ruleset " + i);
                if (expected.startsWith("refused")) {
                    refused++;
                } else {
                    compared++;
                }
            }
        }
        // Both outcomes were exercised: renderings compared, and refusals (a jump to a chain that went away, a set
        // whose family no longer fits its rule) matched.
        assertTrue(compared > 200, "compared " + compared);
        assertTrue(refused > 5, "refused " + refused);
    }

    /**
     * The patch (only the changed chains rendered, the previous state patched) against fresh renderings, through
     * random walks of the changes a live agent sees — a chain's rules edited, a chain added in its sorted place
     * (sometimes with a new jump to it), a chain or set removed (refused when still used), a set added, its members
     * or family changed, a base chain edited, a name taken twice — each step equal to a fresh rendering or to its
     * refusal, and the patch taken for most steps.
     */
    @Test
    void randomWalksOfLiveChangesGiveWhatFreshRenderingsGive() {
        RandomIr random = new RandomIr(23L);
        java.util.Random pick = new java.util.Random(29L);
        int compared = 0;
        int refused = 0;
        int patched = 0;
        for (int walk = 0; walk < 60; walk++) {
            Ruleset good = random.next();
            NftDataplane d = new NftDataplane(RenderOptions.defaults(), NO_TOOLS);
            d.desired(good);
            for (int step = 0; step < 14; step++) {
                Ruleset r = LiveSteps.next(good, pick, step);
                String expected;
                try {
                    expected = fresh(r, RenderOptions.defaults()).toString();
                } catch (IllegalArgumentException | IllegalStateException e) {
                    expected = "refused: " + e.getMessage();
                }
                String actual;
                try {
                    actual = d.desired(r).toString();
                } catch (IllegalArgumentException | IllegalStateException e) {
                    actual = "refused: " + e.getMessage();
                }
                assertEquals(expected, actual, "walk " + walk + " step " + step);
                if (expected.startsWith("refused")) {
                    refused++;
                } else {
                    compared++;
                    good = r;
                    patched += d.patchedByLastDesired() ? 1 : 0;
                }
            }
        }
        assertTrue(compared > 500, "compared " + compared);
        assertTrue(refused > 20, "refused " + refused);
        // The patch is the path under test: most accepted steps must have taken it.
        assertTrue(patched > compared / 2, "patched " + patched + " of " + compared);
    }

    /** A copy of the first regular chain under a new name, added last; every other object stays the same. */
    private static Ruleset withExtraChain(Ruleset r) {
        if (r.chains().isEmpty()) {
            return r;
        }
        List<Chain> chains = new ArrayList<>(r.chains());
        chains.add(new Chain("hw-extra", r.chains().get(0).rules()));
        return new Ruleset(r.node(), r.baseChains(), ImmutableList.copyOf(chains), r.sets(), r.marks());
    }

    /** The last regular chain gone (a jump to it then fails as a fresh rendering fails). */
    private static Ruleset withoutLastChain(Ruleset r) {
        if (r.chains().isEmpty()) {
            return r;
        }
        return new Ruleset(r.node(), r.baseChains(), r.chains().subList(0, r.chains().size() - 1), r.sets(),
                r.marks());
    }

    /** The first set with one member fewer, or of the other family; every other object stays the same. */
    private static Ruleset withSetChanged(Ruleset r, boolean family) {
        if (r.sets().isEmpty()) {
            return r;
        }
        IpSet s = r.sets().get(0);
        IpSet changed = family
                ? new IpSet(s.name(), s.family() == io.hostwall.net.IpFamily.V4 ? io.hostwall.net.IpFamily.V6
                        : io.hostwall.net.IpFamily.V4, s.type(), ImmutableList.of())
                : new IpSet(s.name(), s.family(), s.type(),
                        s.members().isEmpty() ? s.members() : s.members().subList(1, s.members().size()));
        List<IpSet> sets = new ArrayList<>(r.sets());
        sets.set(0, changed);
        return new Ruleset(r.node(), r.baseChains(), r.chains(), ImmutableList.copyOf(sets), r.marks());
    }

    /** Every other regular chain loses its last rule (a change in some chains, none in the rest). */
    private static Ruleset withoutLastRuleOfEachOtherChain(Ruleset r) {
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < r.chains().size(); i++) {
            Chain c = r.chains().get(i);
            chains.add(i % 2 == 0 && !c.rules().isEmpty()
                    ? new Chain(c.name(), c.rules().subList(0, c.rules().size() - 1)) : c);
        }
        return new Ruleset(r.node(), r.baseChains(), ImmutableList.copyOf(chains), r.sets(), r.marks());
    }
}

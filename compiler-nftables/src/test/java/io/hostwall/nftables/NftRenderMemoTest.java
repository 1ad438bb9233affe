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

package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetType;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The dataplane's memoised {@code desired()} gives, over a history of edited rulesets, exactly the state a fresh
 * rendering gives ({@link DesiredObjects#of}, itself held to the pre-rewrite renderer by
 * {@link RendererDifferentialProperties}), fails exactly where that fails, and hands out the very same objects for
 * IR that did not change.
 */
class IptablesRenderMemoProperties {
    private static final String TAG = "hostwall:hook";

    /** What a rendering gave: the state, or the error. */
    private record Outcome(Optional<DesiredState> state, String error) {
        static Outcome of(java.util.function.Supplier<DesiredState> render) {
            try {
                return new Outcome(Optional.of(render.get()), "");
            } catch (RuntimeException e) {
                return new Outcome(Optional.empty(), e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    @Property(tries = 400)
    void memoisedStateIsTheFreshState(@ForAll long seed) {
        Random r = new Random(seed);
        Ruleset rs = new RandomIr(seed).ruleset();
        IptablesRenderMemo memo = new IptablesRenderMemo();
        for (int step = 0; step < 6; step++) {
            Ruleset now = rs;
            Outcome fresh = Outcome.of(() -> DesiredObjects.of(now, TAG));
            Outcome memoised = Outcome.of(() -> memo.render(now, TAG));
            assertEquals(fresh, memoised, "step " + step);
            rs = edit(rs, new RandomIr(seed * 31 + step).ruleset(), r);
        }
    }

    @Property(tries = 200)
    void unchangedIrKeepsItsObjects(@ForAll long seed) {
        Ruleset rs = new RandomIr(seed).ruleset();
        IptablesRenderMemo memo = new IptablesRenderMemo();
        Optional<DesiredState> first = Outcome.of(() -> memo.render(rs, TAG)).state();
        if (first.isEmpty()) {
            return; // an invalid ruleset: nothing kept
        }
        // equal but not identical IR: the equals path of the memo
        Ruleset copy = new Ruleset(rs.node(), ImmutableList.copyOf(rs.baseChains().stream()
                .map(b -> new BaseChain(b.name(), b.table(), b.hook(), ImmutableList.copyOf(b.rules()))).toList()),
                ImmutableList.copyOf(rs.chains().stream().map(c -> new Chain(c.name(), ImmutableList.copyOf(c.rules())))
                        .toList()),
                ImmutableList.copyOf(rs.sets().stream().map(s -> new IpSet(s.name(), s.family(), s.type(),
                        ImmutableList.copyOf(s.members()))).toList()),
                rs.marks());
        DesiredState second = memo.render(copy, TAG);
        assertEquals(first.get(), second);
        for (Map.Entry<ObjectId, DesiredObject> e : second.objects().entrySet()) {
            if (!(e.getValue() instanceof DesiredObject.Hooks)) {
                assertSame(first.get().objects().get(e.getKey()), e.getValue(), e.getKey().toString());
            }
        }
        assertTrue(memo.reused() > 0 || second.objects().isEmpty());
    }

    /**
     * A ruleset like {@code rs} with some chains' rules taken from {@code donor} (jumps left out, so that most
     * edits stay valid), some IR rebuilt equal, and some sets changed, dropped or added.
     */
    private static Ruleset edit(Ruleset rs, Ruleset donor, Random r) {
        List<IrRule> donorRules = new ArrayList<>();
        donor.chains().forEach(c -> donorRules.addAll(c.rules()));
        donor.baseChains().forEach(b -> donorRules.addAll(b.rules()));
        donorRules.removeIf(x -> x.action() instanceof IrAction.Jump || x.action() instanceof IrAction.Goto
                || x.action() instanceof IrAction.Dispatch || x.action() instanceof IrAction.Reject
                || x.action() instanceof IrAction.Notrack || r.nextInt(4) == 0 && usesSet(x));
        List<Chain> chains = new ArrayList<>();
        for (Chain c : rs.chains()) {
            chains.add(switch (r.nextInt(5)) {
                case 0 -> new Chain(c.name(), some(donorRules, r, c.rules()));
                case 1 -> new Chain(c.name(), ImmutableList.copyOf(c.rules()));
                default -> c;
            });
        }
        List<BaseChain> bases = new ArrayList<>();
        for (BaseChain b : rs.baseChains()) {
            bases.add(r.nextInt(6) == 0 ? new BaseChain(b.name(), b.table(), b.hook(), ImmutableList.copyOf(b.rules()))
                    : b);
        }
        List<IpSet> sets = new ArrayList<>();
        for (IpSet s : rs.sets()) {
            switch (r.nextInt(8)) {
                case 0 -> { } // dropped: chains matching it fail now
                case 1 -> sets.add(new IpSet(s.name(), s.family(), s.type(), ImmutableList.of()));
                case 2 -> sets.add(new IpSet(s.name(), s.family() == IpFamily.V4 ? IpFamily.V6 : IpFamily.V4, s.type(),
                        ImmutableList.of()));
                case 3 -> sets.add(new IpSet(s.name(), s.family(), s.type() == SetType.NETWORKS
                        ? SetType.ADDRESS_PROTOCOL_PORT : SetType.NETWORKS, ImmutableList.of()));
                case 4 -> sets.add(new IpSet(s.name(), s.family(), s.type(), ImmutableList.copyOf(s.members())));
                default -> sets.add(s);
            }
        }
        for (IpSet s : donor.sets()) {
            if (r.nextInt(3) == 0 && sets.stream().noneMatch(x -> x.name().equals(s.name()))) {
                sets.add(s);
            }
        }
        sets.sort(java.util.Comparator.comparing(IpSet::name));
        return new Ruleset(rs.node(), ImmutableList.copyOf(bases), ImmutableList.copyOf(chains),
                ImmutableList.copyOf(sets), rs.marks());
    }

    private static boolean usesSet(IrRule rule) {
        return rule.matches().stream().anyMatch(m -> m instanceof Match.AddressSet || m instanceof Match.AddressPortSet);
    }

    /** The chain's rules with one replaced by, or added from, the donor's. */
    private static ImmutableList<IrRule> some(List<IrRule> donorRules, Random r, List<IrRule> rules) {
        List<IrRule> out = new ArrayList<>(rules);
        if (!donorRules.isEmpty()) {
            IrRule d = donorRules.get(r.nextInt(donorRules.size()));
            if (!out.isEmpty() && r.nextBoolean()) {
                out.set(r.nextInt(out.size()), d);
            } else {
                out.add(d);
            }
        } else if (!out.isEmpty()) {
            out.remove(r.nextInt(out.size()));
        }
        return ImmutableList.copyOf(out);
    }
}

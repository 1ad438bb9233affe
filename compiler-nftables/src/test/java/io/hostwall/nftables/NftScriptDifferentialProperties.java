package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.Chain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The direct script writer ({@link NftScript}) against the model path ({@link NftTableBuilder} then {@link NftText}):
 * the same bytes for every ruleset, and for a ruleset the backend refuses, the same exception with the same message.
 */
class NftScriptDifferentialProperties {
    private static final RenderOptions COUNTERS = new RenderOptions("hostwall", true);

    @Property(tries = 300)
    void sameScriptForRandomRulesets(@ForAll long seed, @ForAll boolean counters) {
        Ruleset r = new RandomIr(seed, true).next();
        assertSame(r, counters ? COUNTERS : RenderOptions.defaults());
    }

    /** A random ruleset with one rule replaced by one the backend refuses or must defuse: same error, same text. */
    @Property(tries = 300)
    void sameErrorForBrokenRulesets(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int which,
            @ForAll @IntRange(min = 0, max = 1000) int where) {
        Ruleset r = new RandomIr(seed, true).next();
        List<Chain> chains = new ArrayList<>(r.chains());
        Chain c = chains.get(where % chains.size());
        List<IrRule> rules = new ArrayList<>(c.rules());
        IrRule bad = BROKEN.get(which % BROKEN.size()).apply(c.name());
        rules.add(rules.isEmpty() ? 0 : where % (rules.size() + 1), bad);
        chains.set(chains.indexOf(c), new Chain(c.name(), ImmutableList.copyOf(rules)));
        assertSame(new Ruleset(r.node(), r.baseChains(), ImmutableList.copyOf(chains), r.sets(), r.marks()),
                RenderOptions.defaults());
    }

    @Example
    void everyBrokenRuleAlone() {
        for (Function<String, IrRule> broken : BROKEN) {
            Ruleset r = IrFixtures.ruleset("node \"x\"").set(IrFixtures.netSet("hw4n-r0", IpFamily.V4, "10.0.0.0/8"))
                    .chain("hw-c0", List.of(broken.apply("hw-c0"))).chain("hw-c1", List.of()).build();
            assertSame(r, RenderOptions.defaults());
            assertSame(r, COUNTERS);
        }
    }

    /**
     * One backend (one chain cache) renders rulesets that share rule lists and sets with the ones before, in other
     * contexts: sets missing or of another type or family, jump targets gone, counters switched. Each script (or
     * error) is what a fresh render gives.
     */
    @Property(tries = 200)
    void cachedChainsAndSetsRenderAsFresh(@ForAll long seed) {
        NftablesBackend backend = new NftablesBackend();
        Ruleset a = new RandomIr(seed, true).next();
        Ruleset b = new RandomIr(seed + 1, true).next();
        List<IpSet> retyped = new ArrayList<>();
        for (IpSet s : b.sets()) {
            retyped.add(s.type() == SetType.NETWORKS
                    ? new IpSet(s.name(), s.family() == IpFamily.V4 ? IpFamily.V6 : IpFamily.V4, s.type(), ImmutableList.of())
                    : s);
        }
        List<Ruleset> sequence = List.of(a,
                new Ruleset(b.node(), b.baseChains(), a.chains(), b.sets(), b.marks()),
                new Ruleset(a.node(), a.baseChains(), a.chains(), ImmutableList.copyOf(retyped), a.marks()),
                new Ruleset(a.node(), a.baseChains(), ImmutableList.of(), a.sets(), a.marks()),
                new Ruleset(a.node(), b.baseChains(), b.chains(), a.sets(), a.marks()),
                a, b);
        backend.script(b, RenderOptions.defaults()); // the first render does not fill the cache; the others do
        for (Ruleset r : sequence) {
            for (RenderOptions o : List.of(RenderOptions.defaults(), COUNTERS)) {
                assertSame(r, o, () -> backend.script(r, o));
            }
        }
    }

    /** The backend's own port set's name taken by an IR set in the next ruleset: a cached chain must not hide it. */
    @Example
    void cachedChainStillMeetsSharedSetCollisions() {
        NftablesBackend backend = new NftablesBackend();
        IrRule ports = IrRule.of(new IrAction.Accept(), tcp(), dports(6, false, new PortRange(1, 1), new PortRange(3, 3),
                new PortRange(5, 5), new PortRange(7, 7), new PortRange(9, 9)));
        Ruleset first = IrFixtures.ruleset("n").chain("hw-c0", List.of(ports)).build();
        String script = backend.script(first, RenderOptions.defaults());
        assertEquals(script, backend.script(first, RenderOptions.defaults())); // the second render fills the cache
        String name = script.substring(script.indexOf("@ports-") + 1, script.indexOf("@ports-") + 23);
        Ruleset second = new Ruleset("n", first.baseChains(), first.chains(),
                ImmutableList.of(IrFixtures.netSet(name, IpFamily.V4, "10.0.0.0/8")), first.marks());
        assertSame(second, RenderOptions.defaults(), () -> backend.script(second, RenderOptions.defaults()));
    }

    /**
     * A script of many pieces (the writer cuts it every 64K characters between chains and sets), with large sets,
     * equal to the model path's: nothing lost or doubled at a cut.
     */
    @Example
    void largeScriptInManyPieces() {
        var builder = IrFixtures.ruleset("big");
        String[] nets = new String[3000];
        for (int i = 0; i < nets.length; i++) {
            nets[i] = "10." + (i >> 8) + "." + (i & 0xff) + ".0/24";
        }
        builder.set(IrFixtures.netSet("hw4n-big", IpFamily.V4, nets));
        for (int c = 0; c < 300; c++) {
            List<IrRule> rules = new ArrayList<>();
            for (int r = 0; r < 40; r++) {
                int bit = 1 << (c % 31); // over 60 distinct mark actions: past the writer's small table of them
                IrAction action = r == 0 ? new IrAction.SetMark(c % 2 == 0 ? bit : 0, bit) : new IrAction.Accept();
                rules.add(IrRule.of(action, tcp(), dports(6, false, new PortRange(r + 1, r + 1),
                        new PortRange(1000 + c, 1000 + c))).withNote("chain " + c + " rule " + r));
            }
            builder.chain("hw-c" + c, rules);
        }
        Ruleset big = builder.build();
        assertSame(big, RenderOptions.defaults());
        NftablesBackend backend = new NftablesBackend();
        for (int i = 0; i < 3; i++) { // first render, the one that fills the cache, and one from the cache
            assertSame(big, RenderOptions.defaults(), () -> backend.script(big, RenderOptions.defaults()));
        }
        assertTrue(backend.script(big, RenderOptions.defaults()).length() > 10 * 65536, "many pieces");
    }

    /**
     * A first render writes large sets on another thread ({@link SetBlocks}); what it returns or throws is still what
     * writing them in order gives: the script, the first bad set's error (two bad sets: the first in IR order), and
     * a bad chain's error before any set's.
     */
    @Example
    void largeSetsWrittenAsideRenderAndFailAsInOrder() {
        String[] nets = new String[2 * SetBlocks.MIN_MEMBERS];
        for (int i = 0; i < nets.length; i++) {
            nets[i] = "10." + (i >> 8) + "." + (i & 0xff) + ".0/24";
        }
        List<IrRule> good = List.of(IrRule.of(new IrAction.Accept(),
                new Match.AddressSet(Side.SOURCE, "hw4n-big", IpFamily.V4, false)));
        var big = IrFixtures.netSet("hw4n-big", IpFamily.V4, nets);
        var overlapping = IrFixtures.netSet("hw4n-overlap", IpFamily.V4, "10.0.0.0/8", "10.1.0.0/16");
        var alsoOverlapping = IrFixtures.netSet("hw4n-also", IpFamily.V4, "172.16.0.0/12", "172.16.1.0/24");
        Ruleset fine = IrFixtures.ruleset("n").set(big).chain("hw-c0", good).build();
        Ruleset badSets = IrFixtures.ruleset("n").set(big).set(alsoOverlapping).set(overlapping).chain("hw-c0", good)
                .build();
        Ruleset badChainToo = IrFixtures.ruleset("n").set(big).set(overlapping)
                .chain("hw-c0", List.of(BROKEN.get(0).apply("hw-c0"))).build();
        for (Ruleset r : List.of(fine, badSets, badChainToo)) {
            assertSame(r, RenderOptions.defaults());
            assertSame(r, RenderOptions.defaults(), () -> new NftablesBackend().script(r, RenderOptions.defaults()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NftScript.render(badSets,
                RenderOptions.defaults()));
        assertTrue(e.getMessage().contains("hw4n-also"), e.getMessage());
    }

    /**
     * A first render's chains written by two writers ({@link ChainShare}), the pool's from the back: for every
     * meeting point (the pool's writer run at once, taking 0..all blocks) and on the real pool, the model path's
     * script.
     */
    @Property(tries = 150)
    void sharedChainsRenderAsInOrder(@ForAll long seed, @ForAll boolean counters) {
        assertSameShared(new RandomIr(seed, true).next(), counters ? COUNTERS : RenderOptions.defaults());
    }

    /**
     * One or two refused rules in random chains, so in either writer's part or both: for every meeting point, the
     * error of writing in order (the first bad rule's; the pool's writer's part written again by the caller).
     */
    @Property(tries = 150)
    void sharedChainsFailAsInOrder(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int which,
            @ForAll @IntRange(min = 0, max = 1000) int where, @ForAll boolean twice) {
        Ruleset r = new RandomIr(seed, true).next();
        List<Chain> chains = new ArrayList<>(r.chains());
        for (int i = 0; i < (twice ? 2 : 1); i++) {
            int at = (where + 7 * i) % chains.size();
            Chain c = chains.get(at);
            List<IrRule> rules = new ArrayList<>(c.rules());
            rules.add(rules.isEmpty() ? 0 : where % (rules.size() + 1),
                    BROKEN.get((which + 11 * i) % BROKEN.size()).apply(c.name()));
            chains.set(at, new Chain(c.name(), ImmutableList.copyOf(rules)));
        }
        assertSameShared(new Ruleset(r.node(), r.baseChains(), ImmutableList.copyOf(chains), r.sets(), r.marks()),
                RenderOptions.defaults());
    }

    /** The backend's own port set's name taken by an IR set, the port rule in the first or the last chain. */
    @Example
    void sharedChainsMeetReservedNamesAsInOrder() {
        IrRule ports = IrRule.of(new IrAction.Accept(), tcp(), dports(6, false, new PortRange(1, 1), new PortRange(3, 3),
                new PortRange(5, 5), new PortRange(7, 7), new PortRange(9, 9)));
        IrRule plain = IrRule.of(new IrAction.Accept(), tcp());
        String script = NftScript.render(IrFixtures.ruleset("n").chain("hw-c0", List.of(ports)).build(),
                RenderOptions.defaults());
        String name = script.substring(script.indexOf("@ports-") + 1, script.indexOf("@ports-") + 23);
        for (int at : new int[] {0, 5}) {
            var b = IrFixtures.ruleset("n").set(IrFixtures.netSet(name, IpFamily.V4, "10.0.0.0/8"));
            for (int c = 0; c < 6; c++) {
                b.chain("hw-c" + c, List.of(c == at ? ports : plain, plain));
            }
            assertSameShared(b.build(), RenderOptions.defaults());
        }
    }

    /** Merging the pool's writer's shared sets: all of them, or on a name with another declaration, none. */
    @Example
    void sharedSetsTakenAllOrNone() {
        Nft.SetDecl one = portSet("ports-x", 1);
        Nft.SetDecl other = portSet("ports-x", 2);
        Nft.SetDecl more = portSet("ports-y", 3);
        SharedSets mine = new SharedSets(java.util.Set.of());
        mine.adopt(one);
        SharedSets clashing = new SharedSets(java.util.Set.of());
        clashing.adopt(more);
        clashing.adopt(other);
        assertTrue(!mine.takeAll(clashing), "a collision");
        assertEquals(List.of(one), mine.sets(), "nothing taken");
        SharedSets agreeing = new SharedSets(java.util.Set.of());
        agreeing.adopt(more);
        agreeing.adopt(portSet("ports-x", 1));
        assertTrue(mine.takeAll(agreeing), "no collision");
        assertEquals(List.of(one, more), mine.sets());
    }

    /**
     * A ruleset with enough chains for every first render to share them, with large sets too ({@link SetBlocks}): the
     * script, and the in-order errors: a bad rule in the first or the last chain (before the bad set's error).
     */
    @Example
    void manyChainsSharedByDefaultRenderAndFailAsInOrder() {
        String[] nets = new String[2 * SetBlocks.MIN_MEMBERS];
        for (int i = 0; i < nets.length; i++) {
            nets[i] = "10." + (i >> 8) + "." + (i & 0xff) + ".0/24";
        }
        int n = ChainShare.MIN_CHAINS + 40;
        for (int bad : new int[] {-1, 0, n - 1}) {
            for (boolean badSet : new boolean[] {false, true}) {
                var b = IrFixtures.ruleset("n").set(IrFixtures.netSet("hw4n-big", IpFamily.V4, nets));
                if (badSet) {
                    b.set(IrFixtures.netSet("hw4n-overlap", IpFamily.V4, "10.0.0.0/8", "10.1.0.0/16"));
                }
                for (int c = 0; c < n; c++) {
                    List<IrRule> rules = new ArrayList<>();
                    for (int r = 0; r < 10; r++) {
                        rules.add(IrRule.of(new IrAction.Accept(), tcp(), dports(6, false, new PortRange(r + 1, r + 1),
                                new PortRange(2000 + c % 50, 2000 + c % 50)),
                                new Match.AddressSet(Side.SOURCE, "hw4n-big", IpFamily.V4, false)));
                    }
                    if (c == bad) {
                        rules.add(5, BROKEN.get(c % BROKEN.size()).apply("hw-c" + c));
                    }
                    b.chain("hw-c" + c, rules);
                }
                Ruleset r = b.build();
                assertSame(r, RenderOptions.defaults());
                assertSame(r, COUNTERS, () -> new NftablesBackend().script(r, COUNTERS));
            }
        }
    }

    private static Nft.SetDecl portSet(String name, int port) {
        return new Nft.SetDecl(name, ImmutableList.of("inet_service"), java.util.Optional.empty(), ImmutableList.of(),
                ImmutableList.of(Nft.Num.of(port)));
    }

    /**
     * {@link #assertSame} for first renders that share the chains: blocks of one and two chains, the pool's writer
     * run at once taking 0..all blocks (so every meeting point), and the common pool taking what it can.
     */
    private static void assertSameShared(Ruleset r, RenderOptions o) {
        int n = r.baseChains().size() + r.chains().size();
        for (int per = 1; per <= 2; per++) {
            int blocks = (n + per - 1) / per;
            for (int k = 0; k <= blocks; k++) {
                ChainShare.Plan plan = new ChainShare.Plan(1, per, Runnable::run, k);
                assertSame(r, o, () -> NftScript.render(r, o, plan));
            }
        }
        ChainShare.Plan pool = new ChainShare.Plan(1, 1, ForkJoinPool.commonPool(), Integer.MAX_VALUE);
        assertSame(r, o, () -> NftScript.render(r, o, pool));
    }

    /**
     * A pool too busy to start the pool's writer before the caller wrote every chain keeps its queued task: that task
     * must keep nothing of the render alive (on a loaded machine such tasks pile up, one ruleset each).
     */
    @Example
    void aPoolPartNeverStartedKeepsNothingAlive() throws InterruptedException {
        List<Runnable> queued = new ArrayList<>();
        java.lang.ref.WeakReference<Chain> chain = renderWithAPoolThatNeverRuns(queued::add);
        assertEquals(1, queued.size(), "the pool part was offered");
        for (int i = 0; i < 50 && chain.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(chain.get() == null, "a chain of the render is still reachable from the queued task");
        queued.get(0).run(); // started late, it finds nothing to do
    }

    private static java.lang.ref.WeakReference<Chain> renderWithAPoolThatNeverRuns(java.util.concurrent.Executor pool) {
        var b = IrFixtures.ruleset("n");
        for (int c = 0; c < 8; c++) {
            b.chain("hw-c" + c, List.of(IrRule.of(new IrAction.Accept(), tcp())));
        }
        Ruleset r = b.build();
        String script = NftScript.render(r, RenderOptions.defaults(), new ChainShare.Plan(1, 1, pool, Integer.MAX_VALUE));
        assertTrue(script.contains("chain hw-c7"), script);
        return new java.lang.ref.WeakReference<>(r.chains().get(0));
    }

    /** The cache is filled from a backend's second render on, never at its first (which would only copy text). */
    @Example
    void chainCacheFillsFromTheSecondRender() {
        NftChainCache cache = new NftChainCache();
        assertTrue(cache.forRender() == null, "first render: no cache");
        assertTrue(cache.forRender() == cache && cache.forRender() == cache, "later renders: the cache");
        Ruleset r = IrFixtures.ruleset("n").chain("hw-c0", List.of(IrRule.of(new IrAction.Accept(), tcp()))).build();
        String script = NftScript.render(r, RenderOptions.defaults(), cache);
        assertTrue(cache.get(r.chains().get(0).rules()) != null, "a render with the cache fills it");
        assertEquals(script, NftScript.render(r, RenderOptions.defaults(), cache));
    }

    private static void assertSame(Ruleset r, RenderOptions o) {
        assertSame(r, o, () -> NftScript.render(r, o));
    }

    private static void assertSame(Ruleset r, RenderOptions o, java.util.function.Supplier<String> render) {
        String model;
        try {
            model = NftText.script(new NftTableBuilder(r, o).build());
        } catch (RuntimeException e) {
            RuntimeException direct = null;
            try {
                render.get();
            } catch (RuntimeException d) {
                direct = d;
            }
            assertTrue(direct != null, () -> "model path refused, direct path rendered: " + e);
            assertEquals(e.getClass(), direct.getClass(), direct.toString());
            assertEquals(e.getMessage(), direct.getMessage());
            return;
        }
        assertEquals(model, render.get());
    }

    private static Match tcp() {
        return new Match.Protocol(6, false);
    }

    private static Match.Ports dports(int protocol, boolean negated, PortRange... ranges) {
        return new Match.Ports(Side.DESTINATION, protocol, ImmutableList.copyOf(ranges), negated);
    }

    /** Rules that break one check each (or carry hostile free text); the argument is the chain they are in. */
    private static final List<Function<String, IrRule>> BROKEN = List.of(
            c -> IrRule.of(new IrAction.Accept(), tcp(), dports(6, false)),
            c -> IrRule.of(new IrAction.Accept(), tcp(), dports(6, false, new PortRange(80, 90), new PortRange(85, 85))),
            c -> IrRule.of(new IrAction.Accept(), tcp(), dports(6, false, new PortRange(90, 90), new PortRange(80, 80))),
            c -> IrRule.of(new IrAction.Drop(), dports(136, false, new PortRange(80, 80))),
            c -> IrRule.of(new IrAction.Drop(), dports(136, true, new PortRange(1, 2), new PortRange(5, 9))),
            c -> IrRule.of(new IrAction.Accept(), new Match.Address(Side.SOURCE, IrFixtures.cidr("10.0.0.0/8"), false),
                    new Match.AddressSet(Side.DESTINATION, "hw6n-r0", IpFamily.V6, false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.AddressSet(Side.SOURCE, "hw4n-none", IpFamily.V4, false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.AddressSet(Side.SOURCE, "hw4p-r", IpFamily.V4, false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.AddressPortSet(Side.SOURCE, "hw4n-r0", IpFamily.V4, true)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Protocol(300, false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Icmp(IpFamily.V4, OptionalInt.empty(), OptionalInt.of(1), false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Icmp(IpFamily.V6, OptionalInt.of(300), OptionalInt.empty(), true)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Icmp(IpFamily.V4, OptionalInt.of(8), OptionalInt.of(256), false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Mark(0xff, 0x100, false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.ConntrackState(ImmutableSet.of(), true)),
            c -> IrRule.of(new IrAction.Accept(), tcp(), new Match.Icmp(IpFamily.V4, OptionalInt.of(8), OptionalInt.empty(), false)),
            c -> IrRule.of(new IrAction.Accept(), new Match.Protocol(17, false), dports(6, false, new PortRange(1, 1))),
            c -> IrRule.of(new IrAction.Jump("nope")),
            c -> IrRule.of(new IrAction.Goto("hw-filter-input")),
            c -> IrRule.of(new IrAction.Jump("tcp")),
            c -> IrRule.of(new IrAction.Dispatch(InterfaceDirection.IN, ImmutableSortedMap.of("a b", c))),
            c -> IrRule.of(new IrAction.Dispatch(InterfaceDirection.OUT, ImmutableSortedMap.of("eth0", c, "eth1", "x"))),
            c -> IrRule.of(new IrAction.Accept(), new Match.Interface(InterfaceDirection.IN, "abcdefghijklmnop", false, false)),
            c -> IrRule.of(new IrAction.Log("a\"b$c\\d\u00e9\u0000" + "x".repeat(200)), tcp(),
                    dports(6, false, new PortRange(1, 1), new PortRange(3, 4)),
                    new Match.Ports(Side.SOURCE, 6, ImmutableList.of(new PortRange(7, 7), new PortRange(9, 9)), false),
                    new Match.ConntrackDnat(false)),
            c -> new IrRule(ImmutableList.of(new Match.ConntrackState(ImmutableSet.of(CtState.NEW), false),
                    new Match.ConntrackDnat(false), new Match.ConntrackDnat(false)), new IrAction.SetMark(0x10, 0x30),
                    new RuleOrigin.Note(ImmutableList.of("note \"quoted\" $x", "\u00fc".repeat(100)))),
            c -> IrRule.of(new IrAction.SetMark(0, 0), new Match.Mark(-1, 0x7, true)));
}

package io.hostwall.compiler.interp;

import static io.hostwall.compiler.eval.Verdict.ALLOW;
import static io.hostwall.compiler.eval.Verdict.DENY;
import static io.hostwall.ir.Hook.FORWARD;
import static io.hostwall.ir.Hook.INPUT;
import static io.hostwall.ir.Hook.OUTPUT;
import static io.hostwall.ir.Hook.POSTROUTING;
import static io.hostwall.ir.Hook.PREROUTING;
import static io.hostwall.ir.TableKind.FILTER;
import static io.hostwall.ir.TableKind.MANGLE;
import static io.hostwall.ir.TableKind.RAW;
import static io.hostwall.ir.testing.IrFixtures.accept;
import static io.hostwall.ir.testing.IrFixtures.base;
import static io.hostwall.ir.testing.IrFixtures.chain;
import static io.hostwall.ir.testing.IrFixtures.ct;
import static io.hostwall.ir.testing.IrFixtures.dispatch;
import static io.hostwall.ir.testing.IrFixtures.dports;
import static io.hostwall.ir.testing.IrFixtures.drop;
import static io.hostwall.ir.testing.IrFixtures.dst;
import static io.hostwall.ir.testing.IrFixtures.goTo;
import static io.hostwall.ir.testing.IrFixtures.iif;
import static io.hostwall.ir.testing.IrFixtures.jump;
import static io.hostwall.ir.testing.IrFixtures.log;
import static io.hostwall.ir.testing.IrFixtures.mark;
import static io.hostwall.ir.testing.IrFixtures.notMark;
import static io.hostwall.ir.testing.IrFixtures.notrack;
import static io.hostwall.ir.testing.IrFixtures.oif;
import static io.hostwall.ir.testing.IrFixtures.reject;
import static io.hostwall.ir.testing.IrFixtures.ret;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static io.hostwall.ir.testing.IrFixtures.ruleset;
import static io.hostwall.ir.testing.IrFixtures.setMark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter on small hand-built rulesets: actions, chain calls, hooks, marks, conntrack, DNAT, guards. */
class RulesetInterpreterTest {
    static final Packet TO_HOST = Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 80).in("eth0").build();
    static final Packet FORWARDED = Packets.tcp("203.0.113.7", 40000, "10.1.0.9", 80).in("eth0").out("eth1").build();
    static final Packet FROM_HOST = Packets.tcp("10.0.0.10", 40000, "203.0.113.7", 80).out("eth0").build();

    static Verdict verdict(Ruleset r, Packet p) {
        InterpretedPacket run = new RulesetInterpreter(r).run(p);
        assertEquals(run.verdict(), new RulesetInterpreter(r).verdict(p), "traced and untraced runs agree");
        return run.verdict();
    }

    static List<String> baseChainOrder(Ruleset r, Packet p) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : new RulesetInterpreter(r).run(p).trace()) {
            if (e instanceof TraceEvent.BaseChainEnd b) {
                out.add(b.chain());
            } else if (e instanceof TraceEvent.ConntrackLookup) {
                out.add("conntrack");
            } else if (e instanceof TraceEvent.DnatApplied || e instanceof TraceEvent.DnatSkipped) {
                out.add("dnat");
            }
        }
        return out;
    }

    @Test
    void anEmptyRulesetAllowsEverything() {
        assertEquals(ALLOW, verdict(ruleset(), TO_HOST));
        assertEquals(ALLOW, verdict(ruleset(), FORWARDED));
        assertEquals(ALLOW, verdict(ruleset(), FROM_HOST));
    }

    @Test
    void acceptEndsOnlyItsBaseChainAndALaterDropStillDenies() {
        Ruleset r = ruleset(base("raw-pre", RAW, PREROUTING, rule(accept()), rule(drop())),
                base("filter-in", FILTER, INPUT, rule(drop())));
        assertEquals(DENY, verdict(r, TO_HOST));
        Ruleset r2 = ruleset(base("raw-pre", RAW, PREROUTING, rule(accept()), rule(drop())));
        assertEquals(ALLOW, verdict(r2, TO_HOST));
    }

    @Test
    void dropAndRejectDeny() {
        assertEquals(DENY, verdict(ruleset(base("m", MANGLE, PREROUTING, rule(drop()))), TO_HOST));
        assertEquals(DENY, verdict(ruleset(base("f", FILTER, INPUT, rule(reject()))), TO_HOST));
    }

    @Test
    void returnAtBaseLevelAndTheEndOfABaseChainAreItsPolicyAccept() {
        Ruleset r = ruleset(base("f", FILTER, INPUT, rule(ret()), rule(drop())));
        assertEquals(ALLOW, verdict(r, TO_HOST));
        InterpretedPacket run = new RulesetInterpreter(r).run(TO_HOST);
        assertTrue(run.trace().stream().anyMatch(e -> e instanceof TraceEvent.BaseChainEnd b
                && b.how() == TraceEvent.End.POLICY_ACCEPT));
    }

    @Test
    void jumpReturnsToTheRuleAfterTheJump() {
        Ruleset r = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("a")), rule(drop(), mark(0x1, 0x1)))),
                List.of(chain("a", rule(setMark(0x1, 0x1)), rule(ret()), rule(setMark(0x0, 0x1)))), List.of());
        assertEquals(DENY, verdict(r, TO_HOST));
        // falling off the end of the jumped-to chain returns too
        Ruleset r2 = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("a")), rule(drop(), mark(0x1, 0x1)))),
                List.of(chain("a", rule(setMark(0x1, 0x1)))), List.of());
        assertEquals(DENY, verdict(r2, TO_HOST));
    }

    @Test
    void gotoReturnsToTheCallerOfTheChainThatWentTo() {
        // f: jump a; drop-if-mark. a: goto b; (never) set 2. b: set 1 (falls off -> back to f after the jump).
        Ruleset r = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("a")), rule(drop(), mark(0x3, 0x1)))),
                List.of(chain("a", rule(goTo("b")), rule(setMark(0x2, 0x2))), chain("b", rule(setMark(0x1, 0x1)))),
                List.of());
        assertEquals(DENY, verdict(r, TO_HOST));
        // goto straight from the base chain: the end of the target ends the base chain
        Ruleset r2 = ruleset(List.of(base("f", FILTER, INPUT, rule(goTo("b")), rule(drop()))),
                List.of(chain("b", rule(setMark(0x1, 0x1)))), List.of());
        assertEquals(ALLOW, verdict(r2, TO_HOST));
    }

    @Test
    void acceptInsideACalledChainEndsTheWholeBaseChain() {
        Ruleset r = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("a")), rule(drop()))),
                List.of(chain("a", rule(accept()))), List.of());
        assertEquals(ALLOW, verdict(r, TO_HOST));
    }

    @Test
    void dispatchGoesToTheMappedChainOrContinues() {
        Ruleset r = ruleset(List.of(base("f", FILTER, INPUT,
                        rule(dispatch(InterfaceDirection.IN, "eth0", "deny", "eth1", "ok")), rule(setMark(0x4, 0x4)))),
                List.of(chain("deny", rule(drop())), chain("ok", rule(accept()))), List.of());
        assertEquals(DENY, verdict(r, TO_HOST));
        assertEquals(ALLOW, verdict(r, Packets.tcp("1.1.1.1", 1, "10.0.0.10", 80).in("eth1").build()));
        InterpretedPacket other = new RulesetInterpreter(r).run(Packets.tcp("1.1.1.1", 1, "10.0.0.10", 80)
                .in("eth7").build());
        assertEquals(ALLOW, other.verdict());
        assertEquals(0x4, other.finalMark());
        // a dispatch is a goto: the end of the target ends the base chain
        Ruleset r2 = ruleset(List.of(base("f", FILTER, INPUT,
                        rule(dispatch(InterfaceDirection.IN, "eth0", "empty")), rule(drop()))),
                List.of(chain("empty")), List.of());
        assertEquals(ALLOW, verdict(r2, TO_HOST));
    }

    @Test
    void dispatchOnTheOutputInterfaceDoesNothingBeforeRouting() {
        Ruleset r = ruleset(List.of(base("m", MANGLE, PREROUTING, rule(dispatch(InterfaceDirection.OUT, "eth1", "d"))),
                base("f", FILTER, FORWARD, rule(dispatch(InterfaceDirection.OUT, "eth1", "d")))),
                List.of(chain("d", rule(setMark(0x8, 0x8)))), List.of());
        InterpretedPacket run = new RulesetInterpreter(r).run(FORWARDED);
        assertEquals(0x8, run.finalMark());
        assertEquals(1, run.matched().stream().filter(t -> t.chain().equals("d")).count());
    }

    @Test
    void theMarkIsSetUnderItsMaskAndCarriedAcrossHooks() {
        Ruleset r = ruleset(base("raw", RAW, PREROUTING, rule(setMark(0x10000, 0x30000))),
                base("mangle", MANGLE, PREROUTING, rule(setMark(0x20000, 0x20000))),
                base("filter", FILTER, INPUT, rule(drop(), mark(0x30000, 0x30000))));
        InterpretedPacket run = new RulesetInterpreter(r).run(TO_HOST);
        assertEquals(DENY, run.verdict());
        assertEquals(0x30000, run.finalMark());
        Ruleset clear = ruleset(base("raw", RAW, PREROUTING, rule(setMark(0x30000, 0x30000))),
                base("filter", FILTER, INPUT, rule(setMark(0x0, 0x10000)), rule(drop(), notMark(0x10000, 0))));
        assertEquals(ALLOW, verdict(clear, TO_HOST));
    }

    @Test
    void logContinues() {
        Ruleset r = ruleset(base("f", FILTER, INPUT, rule(log("test")), rule(drop())));
        InterpretedPacket run = new RulesetInterpreter(r).run(TO_HOST);
        assertEquals(DENY, run.verdict());
        assertEquals(2, run.matched().size());
    }

    @Test
    void conntrackStateIsTheFlowsUnlessNotrackRan() {
        Ruleset r = ruleset(base("f", FILTER, INPUT, rule(drop(), ct(false, CtState.NEW))));
        assertEquals(DENY, verdict(r, TO_HOST));
        Packet established = Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 80).in("eth0").established().build();
        assertEquals(ALLOW, verdict(r, established));
        Ruleset untracked = ruleset(base("raw", RAW, PREROUTING, rule(notrack())),
                base("f", FILTER, INPUT, rule(accept(), ct(false, CtState.ESTABLISHED)),
                        rule(drop(), ct(false, CtState.UNTRACKED))));
        assertEquals(DENY, verdict(untracked, established));
        Ruleset negated = ruleset(base("f", FILTER, INPUT,
                rule(drop(), ct(true, CtState.ESTABLISHED, CtState.RELATED))));
        assertEquals(DENY, verdict(negated, TO_HOST));
        assertEquals(ALLOW, verdict(negated, established));
    }

    @Test
    void notrackAppliesOnlyAfterItRunsAndOnlyFromRaw() {
        Ruleset r = ruleset(base("m", MANGLE, PREROUTING, rule(notrack())));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(r).run(TO_HOST));
        Ruleset out = ruleset(base("raw", RAW, OUTPUT, rule(notrack())),
                base("f", FILTER, OUTPUT, rule(drop(), ct(false, CtState.UNTRACKED))));
        assertEquals(DENY, verdict(out, FROM_HOST));
    }

    @Test
    void conntrackMatchesInRawAreACompilerBug() {
        Ruleset r = ruleset(base("raw", RAW, PREROUTING, rule(drop(), ct(false, CtState.NEW))));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(r).run(TO_HOST));
        Ruleset d = ruleset(base("raw", RAW, OUTPUT, rule(drop(), new Match.ConntrackDnat(false))));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(d).run(FROM_HOST));
    }

    @Test
    void rejectOutsideFilterIsACompilerBug() {
        Ruleset r = ruleset(base("m", MANGLE, PREROUTING, rule(reject())));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(r).run(TO_HOST));
    }

    @Test
    void dnatRewritesTheDestinationAfterMangleAndBeforeFilter() {
        Packet p = Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 31852).in("eth0").out("eth1")
                .dnat("192.168.1.5", 8080).build();
        Ruleset r = ruleset(base("m", MANGLE, PREROUTING, rule(setMark(0x1, 0x1), dst("10.0.0.10/32"),
                        dports(6, 31852))),
                base("f", FILTER, FORWARD, rule(setMark(0x2, 0x2), dst("192.168.1.0/24"),
                        dports(6, 8080), new Match.ConntrackDnat(true))),
                base("post", MANGLE, POSTROUTING, rule(setMark(0x4, 0x4), dst("192.168.1.5/32"))));
        InterpretedPacket run = new RulesetInterpreter(r).run(p);
        assertEquals(0x7, run.finalMark(), run::text);
        // not DNAT'd: ConntrackDnat(false) holds
        Ruleset notNatted = ruleset(base("f", FILTER, INPUT, rule(drop(), new Match.ConntrackDnat(false))));
        assertEquals(DENY, verdict(notNatted, TO_HOST));
    }

    @Test
    void hostTrafficIsDnatdInNatOutputBeforeFilterOutput() {
        Packet p = Packets.tcp("10.0.0.10", 40000, "10.96.0.1", 443).out("eth0").dnat("10.0.5.5", 6443).build();
        Ruleset r = ruleset(base("raw", RAW, OUTPUT, rule(setMark(0x1, 0x1), dst("10.96.0.1/32"))),
                base("f", FILTER, OUTPUT, rule(setMark(0x2, 0x2), dst("10.0.5.5/32"),
                        new Match.ConntrackDnat(true))));
        assertEquals(0x3, new RulesetInterpreter(r).run(p).finalMark());
    }

    @Test
    void anUntrackedPacketIsNeverDnatd() {
        Packet p = Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 31852).in("eth0").dnat("192.168.1.5", 8080).build();
        Ruleset r = ruleset(base("raw", RAW, PREROUTING, rule(notrack())),
                base("f", FILTER, INPUT, rule(drop(), dst("10.0.0.10/32"), new Match.ConntrackDnat(false))));
        assertEquals(DENY, verdict(r, p));
        assertTrue(new RulesetInterpreter(r).run(p).trace().stream().anyMatch(e -> e instanceof TraceEvent.DnatSkipped));
    }

    @Test
    void hooksRunInPacketOrderWithBaseChainsByPriority() {
        List<BaseChain> all = new ArrayList<>();
        for (var hook : io.hostwall.ir.Hook.values()) {
            for (var table : List.of(FILTER, MANGLE, RAW)) { // deliberately out of priority order
                all.add(base(table.iptablesName() + "-" + hook, table, hook));
            }
        }
        Ruleset r = ruleset(all, List.of(), List.of());
        assertEquals(List.of("raw-PREROUTING", "conntrack", "mangle-PREROUTING", "filter-PREROUTING",
                "raw-INPUT", "mangle-INPUT", "filter-INPUT"), baseChainOrder(r, TO_HOST));
        Packet natted = Packets.tcp("1.1.1.1", 1, "10.0.0.10", 80).in("eth0").out("eth1").dnat("10.1.0.9").build();
        assertEquals(List.of("raw-PREROUTING", "conntrack", "mangle-PREROUTING", "dnat", "filter-PREROUTING",
                "raw-FORWARD", "mangle-FORWARD", "filter-FORWARD",
                "raw-POSTROUTING", "mangle-POSTROUTING", "filter-POSTROUTING"), baseChainOrder(r, natted));
        Packet out = Packets.tcp("10.0.0.10", 1, "1.1.1.1", 80).out("eth0").dnat("10.1.0.9").build();
        assertEquals(List.of("raw-OUTPUT", "conntrack", "mangle-OUTPUT", "dnat", "filter-OUTPUT",
                "raw-POSTROUTING", "mangle-POSTROUTING", "filter-POSTROUTING"), baseChainOrder(r, out));
    }

    @Test
    void severalBaseChainsOfOneHookAndTableKeepTheirOrder() {
        Ruleset r = ruleset(base("first", FILTER, INPUT, rule(setMark(0x1, 0xf))),
                base("second", FILTER, INPUT, rule(setMark(0x2, 0xf))));
        assertEquals(0x2, new RulesetInterpreter(r).run(TO_HOST).finalMark());
    }

    @Test
    void interfacesAreVisibleOnlyWhereTheKernelKnowsThem() {
        // PREROUTING knows no output interface; POSTROUTING no input interface.
        Ruleset r = ruleset(base("m", MANGLE, PREROUTING, rule(setMark(0x1, 0x1), oif("eth1"))),
                base("p", MANGLE, POSTROUTING, rule(setMark(0x2, 0x2), iif("eth0"))),
                base("f", FILTER, FORWARD, rule(setMark(0x4, 0x4), iif("eth0"), oif("eth1"))));
        assertEquals(0x4, new RulesetInterpreter(r).run(FORWARDED).finalMark());
        // a negated interface match holds where the interface is unknown
        Ruleset n = ruleset(base("m", MANGLE, PREROUTING,
                rule(setMark(0x1, 0x1), new Match.Interface(InterfaceDirection.OUT, "eth1", false, true))));
        assertEquals(0x1, new RulesetInterpreter(n).run(FORWARDED).finalMark());
    }

    @Test
    void aLoopingRulesetIsReportedAsACompilerBug() {
        Ruleset jumpLoop = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("a")))),
                List.of(chain("a", rule(jump("a")))), List.of());
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(jumpLoop).run(TO_HOST));
        Ruleset gotoLoop = ruleset(List.of(base("f", FILTER, INPUT, rule(goTo("a")))),
                List.of(chain("a", rule(goTo("b"))), chain("b", rule(goTo("a")))), List.of());
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(gotoLoop).run(TO_HOST));
        List<IrRule> many = new ArrayList<>();
        for (int i = 0; i <= RulesetInterpreter.MAX_STEPS; i++) {
            many.add(rule(log("test")));
        }
        Ruleset huge = ruleset(new BaseChain("f", FILTER, INPUT, com.google.common.collect.ImmutableList.copyOf(many)));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(huge).verdict(TO_HOST));
    }

    @Test
    void nestingWithinTheNftablesJumpStackIsFine() {
        List<Chain> chains = new ArrayList<>();
        for (int i = 1; i < RulesetInterpreter.MAX_DEPTH; i++) {
            chains.add(chain("c" + i, rule(jump("c" + (i + 1)))));
        }
        chains.add(chain("c" + RulesetInterpreter.MAX_DEPTH, rule(drop())));
        Ruleset deep = ruleset(List.of(base("f", FILTER, INPUT, rule(jump("c1")))), chains, List.of());
        assertEquals(DENY, verdict(deep, TO_HOST));
    }

    @Test
    void undefinedChainsAndSetsAreCompilerBugs() {
        Ruleset r = ruleset(base("f", FILTER, INPUT, rule(jump("nowhere"))));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(r).run(TO_HOST));
        Ruleset s = ruleset(base("f", FILTER, INPUT, rule(drop(), new Match.AddressSet(
                io.hostwall.ir.Side.SOURCE, "nope", io.hostwall.net.IpFamily.V4, false))));
        assertThrows(IllegalStateException.class, () -> new RulesetInterpreter(s).run(TO_HOST));
    }

    @Test
    void theTraceRecordsEveryRuleWithItsChainIndexAndComments() {
        Ruleset r = ruleset(List.of(base("f", FILTER, INPUT, rule(drop(), iif("eth9")), rule(jump("a")))),
                List.of(chain("a", rule(log("test")), rule(drop()).withNote("rule Drop"))), List.of());
        InterpretedPacket run = new RulesetInterpreter(r).run(TO_HOST);
        List<TraceEvent.RuleEvaluated> ev = run.evaluated();
        assertEquals(4, ev.size());
        assertEquals("f", ev.get(0).rule().chain());
        assertEquals(false, ev.get(0).matched());
        assertEquals("f", ev.get(1).rule().chain());
        assertEquals(1, ev.get(1).rule().index());
        assertEquals("a", ev.get(3).rule().chain());
        assertEquals(1, ev.get(3).rule().index());
        assertEquals(List.of("rule Drop"), ev.get(3).rule().rule().comments());
        assertTrue(run.text().endsWith("verdict: deny"), run::text);
    }
}

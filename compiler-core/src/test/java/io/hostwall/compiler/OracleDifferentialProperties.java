package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.explain.ExplanationAccess;
import io.hostwall.compiler.gen.Coverage;
import io.hostwall.compiler.gen.PacketArbitraries;
import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.compiler.gen.Universe;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.Reason;
import io.hostwall.compiler.oracle.StageResult;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrRule;
import io.hostwall.model.PolicySet;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The main proof of the compiler: for random valid policy sets and random packets, the reference oracle (which
 * reads the model) and the compiled ruleset (run through the IR interpreter, hook by hook, with marks and
 * conntrack) reach the same verdict. Sets and packets come from the shared generators in
 * {@code io.hostwall.compiler.gen}; the features this run generated are reported as a histogram and checked.
 */
class OracleDifferentialProperties {
    private static final int PACKETS_PER_SET = 40;

    /** Features this run must generate in at least 30 of its policy sets (2% of the tries). */
    private static final List<String> COVERED = List.of("policy normal", "policy applyOnForward", "policy doNotTrack",
            "policy preDNAT", "policy rule Allow", "policy rule Deny", "policy rule Log", "policy rule Pass",
            "tier Pass", "tier Deny", "endpoint local *", "network set", "failsafes overridden",
            "endpoint projectcalico-default-allow", "endpoint custom profile", "rule icmp", "rule notICMP",
            "rule notProtocol", "rule ipVersion", "rule nets v4", "rule nets v6", "rule notNets",
            "rule source selector", "rule destination selector", "rule notSelector", "rule destination ports number",
            "rule destination ports named", "rule notPorts number", "rule notPorts named");

    @Provide
    Arbitrary<PolicySet> sets() {
        return PolicySetArbitraries.policySets();
    }

    @Provide
    Arbitrary<List<Packet>> packets() {
        return PacketArbitraries.packets().list().ofSize(PACKETS_PER_SET);
    }

    @Property(tries = 1500)
    @StatisticsReport(format = Histogram.class)
    void compiledRulesetAgreesWithTheOracle(@ForAll("sets") PolicySet set, @ForAll("packets") List<Packet> packets)
            throws Exception {
        check(set, packets, CompileOptions.defaults());
        // The generator must keep exercising every feature; a generator change that loses one fails here.
        Statistics.label("features").coverage(c -> {
            for (String f : COVERED) {
                c.check(f).count(n -> n >= 30);
            }
        });
        // 60,000 packets; INVALID has frequency 7 of 100, and about 3% come out (jqwik mixes in edge cases and
        // repeats list elements): at least 1% must.
        Statistics.label("packet states").coverage(c -> c.check(Packet.ConnState.INVALID).count(n -> n >= 600));
    }

    @Property(tries = 1000)
    void agreementHoldsWithRejectAndAnotherMarkMask(@ForAll("sets") PolicySet set,
            @ForAll("packets") List<Packet> packets) throws Exception {
        check(set, packets, CompileOptions.builder().denyAction(DenyAction.REJECT).markMask(0x00ff0f00)
                .chainPrefix("x9").build());
    }

    /**
     * With host facts, expectedIPs-only endpoints bind to every interface holding one of their addresses (and contest
     * named endpoints by name); without them they bind nowhere.
     */
    @Property(tries = 1000)
    void agreementHoldsWithHostFacts(@ForAll("sets") PolicySet set, @ForAll("packets") List<Packet> packets)
            throws Exception {
        check(set, packets, CompileOptions.defaults(), hostFacts());
        Statistics.label("features").coverage(c -> c.check("endpoint local by expectedIPs").count(n -> n >= 100));
    }

    /**
     * Tiers laid out as groups of policy jumps (threshold 1: every tier of two or more policies) reach the oracle's
     * verdicts: a group's jump is skipped once a policy passed, and the chain returns after it when a policy of the
     * group accepted. The generator's names p0..p5 start no group, so each set's policies are renamed from a pool in
     * which two thirds of the names start a group ({@link PolicySetArbitraries#groupStartingNames}); the coverage check makes sure that sets
     * with several inner groups in one outer group, and with several outer groups in one tier, come up.
     */
    @Property(tries = 1000)
    void agreementHoldsWithPolicyGroups(@ForAll("groupedSets") PolicySet set, @ForAll("packets") List<Packet> packets)
            throws Exception {
        CompileOptions options = CompileOptions.builder().policyGroupThreshold(1).build();
        check(set, packets, options);
        Ruleset ruleset = HostwallCompiler.create(options).compile(set, Universe.NODE, NodeFacts.none()).ruleset();
        for (Chain c : ruleset.chains()) {
            int run = 0;
            for (IrRule r : c.rules()) {
                if (r.origin() instanceof RuleOrigin.Builtin b && b.purpose() == RuleOrigin.Purpose.POLICY_GROUP_JUMP) {
                    run++;
                } else if (r.origin() instanceof RuleOrigin.Builtin b && b.purpose() == RuleOrigin.Purpose.TIER_START) {
                    run = 0;
                }
                if (run == 2) {
                    Statistics.label("groups").collect(c.name().contains("gg-") ? "inner groups" : "outer groups");
                    run = 3;
                }
            }
        }
        Statistics.label("groups").coverage(c -> {
            c.check("inner groups").count(n -> n >= 50);
            c.check("outer groups").count(n -> n >= 50);
        });
    }

    @Provide
    Arbitrary<PolicySet> groupedSets() {
        return PolicySetArbitraries.withPolicyNamesFrom(PolicySetArbitraries.policySets(),
                PolicySetArbitraries.groupStartingNames(6));
    }

    private static NodeFacts hostFacts() {
        NodeFacts.Builder b = NodeFacts.builder();
        Universe.HOST_FACTS.forEach((iface, ips) -> b.addInterface(iface, ips.toArray(String[]::new)));
        return b.build();
    }

    /** The reasons one IR rule carries out. */
    private static boolean joinable(Reason r) {
        return r instanceof Reason.RuleMatch || r instanceof Reason.FailsafeMatch || r instanceof Reason.TierDefaultDeny
                || r instanceof Reason.FinalDrop || r instanceof Reason.ForwardDefaultAllow || r instanceof Reason.Invalid
                || r instanceof Reason.Established;
    }

    private static void check(PolicySet set, List<Packet> packets, CompileOptions options) throws Exception {
        check(set, packets, options, NodeFacts.none());
    }

    private static void check(PolicySet set, List<Packet> packets, CompileOptions options, NodeFacts facts)
            throws Exception {
        for (String f : Coverage.features(set)) {
            Statistics.label("features").collect(f);
        }
        Ruleset ruleset = HostwallCompiler.create(options).compile(set, Universe.NODE, facts).ruleset();
        // Every compiled rule says where it came from: notes are for IR built by hand.
        Stream.concat(ruleset.baseChains().stream().flatMap(c -> c.rules().stream()),
                        ruleset.chains().stream().flatMap(c -> c.rules().stream()))
                .filter(r -> r.origin() instanceof RuleOrigin.Note)
                .findFirst().ifPresent(r -> fail("compiled rule without a typed origin: " + r));
        RulesetInterpreter interpreter = new RulesetInterpreter(ruleset);
        PolicyOracle oracle = PolicyOracle.of(set, Universe.NODE, options, facts);
        for (Packet p : packets) {
            Decision expected = oracle.evaluate(p);
            InterpretedPacket actual = interpreter.run(p);
            Statistics.label("verdicts").collect(expected.verdict());
            Statistics.label("packet states").collect(p.state());
            if (expected.verdict() != actual.verdict()) {
                fail("oracle says " + expected.verdict() + ", compiled ruleset says " + actual.verdict()
                        + "\npacket: " + p + "\noracle:\n" + expected.text() + "\nruleset trace:\n" + actual.text()
                        + "\npolicy set: " + set);
            }
            // Explain joins each deciding reason to the IR rule that carried it out, by the rule's typed origin.
            Explanation why = ExplanationAccess.of(Universe.NODE, expected, actual);
            for (StageResult s : expected.stages()) {
                if (joinable(s.reason()) && ExplanationAccess.irRuleOf(why, s).isEmpty()) {
                    fail("no matched IR rule has the origin of " + s.describe() + "\npacket: " + p
                            + "\nruleset trace:\n" + actual.text() + "\npolicy set: " + set);
                }
            }
        }
    }
}

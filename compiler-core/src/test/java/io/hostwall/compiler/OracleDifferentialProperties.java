package io.hostwall.compiler;

import static org.junit.jupiter.api.Assertions.fail;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.gen.RandomModel;
import io.hostwall.compiler.gen.RandomPackets;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.ir.Ruleset;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.PolicySet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import java.util.List;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.constraints.LongRange;

/**
 * The main proof of the compiler: for random valid policy sets and random packets, the reference oracle (which
 * reads the model) and the compiled ruleset (run through the IR interpreter, hook by hook, with marks and
 * conntrack) reach the same verdict. Coverage of the generated features is reported as jqwik statistics.
 */
class OracleDifferentialProperties {
    private static final int PACKETS_PER_SET = 40;

    @Property(tries = 1500)
    @StatisticsReport(format = Histogram.class)
    void compiledRulesetAgreesWithTheOracle(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) throws Exception {
        check(seed, CompileOptions.defaults());
        // The generator must keep exercising every feature; a generator change that loses one fails here.
        Statistics.label("features").coverage(c -> {
            for (String f : COVERED) {
                c.check(f).count(n -> n >= 30);
            }
        });
    }

    /** Features every run must generate in at least 30 of its policy sets (2%). */
    private static final List<String> COVERED = List.of("normal", "applyOnForward", "doNotTrack", "preDNAT",
            "action Allow", "action Deny", "action Log", "action Pass", "tier PASS", "tier DENY", "* endpoint",
            "network set", "failsafe override", "default-allow profile", "custom profile", "icmp", "notICMP",
            "notProtocol", "ipVersion", "source nets", "destination nets", "source notNets", "source selector",
            "destination selector", "source notSelector", "destination ports", "destination named port",
            "destination notPorts", "destination named notPorts", "explicit types", "second tier");

    @Property(tries = 300)
    void agreementHoldsWithRejectAndAnotherMarkMask(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) throws Exception {
        check(seed, CompileOptions.defaults().withDenyAction(DenyAction.REJECT).withMarkMask(0x00ff0f00).withChainPrefix("x9"));
    }

    private static void check(long seed, CompileOptions options) throws Exception {
        RandomModel model = new RandomModel(seed);
        PolicySet set = model.policySet();
        for (String f : model.features) {
            Statistics.label("features").collect(f);
        }
        Ruleset ruleset = HostwallCompiler.create(options).compile(set, "node1").ruleset();
        RulesetInterpreter interpreter = new RulesetInterpreter(ruleset);
        PolicyOracle oracle = PolicyOracle.of(set, "node1", options);
        RandomPackets packets = new RandomPackets(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < PACKETS_PER_SET; i++) {
            Packet p = packets.next();
            Decision expected = oracle.evaluate(p);
            InterpretedPacket actual = interpreter.run(p);
            Statistics.label("verdicts").collect(expected.verdict());
            if (expected.verdict() != actual.verdict()) {
                fail("seed " + seed + ": oracle says " + expected.verdict() + ", compiled ruleset says " + actual.verdict()
                        + "\npacket: " + p + "\noracle:\n" + expected.text() + "\nruleset trace:\n"
                        + String.join("\n", actual.matched().stream().map(Object::toString).toList())
                        + "\npolicy set: " + set);
            }
        }
    }
}

package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Models;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Shared helpers for the oracle's tests. */
final class OracleTesting {
    static final String HOST = "10.0.0.10";
    static final String PEER = "10.0.0.20";
    static final String OUTSIDE = "203.0.113.7";

    private OracleTesting() {}

    /** node1's eth0 endpoint, label role=host, address 10.0.0.10. */
    static HostEndpoint eth0() {
        return Models.hep("node1-eth0").iface("eth0").label("role", "host").ips(HOST).build();
    }

    static HostEndpoint eth1() {
        return Models.hep("node1-eth1").iface("eth1").label("role", "host").ips("10.1.0.10").build();
    }

    static Decision decide(Packet p, Resource... resources) {
        return decide(CompileOptions.defaults(), p, resources);
    }

    static Decision decide(CompileOptions options, Packet p, Resource... resources) {
        return new PolicyOracle(set(resources), "node1", options).evaluate(p);
    }

    /** With default options and the node's host facts. */
    static Decision decide(NodeFacts facts, Packet p, Resource... resources) {
        return new PolicyOracle(set(resources), "node1", CompileOptions.defaults(), facts).evaluate(p);
    }

    static PolicySet set(Resource... resources) {
        return PolicySet.of(Arrays.asList(resources));
    }

    static void assertVerdict(Verdict expected, Decision d) {
        assertEquals(expected, d.verdict(), d::text);
    }

    static StageResult stage(Decision d, Stage stage) {
        Optional<StageResult> s = d.stages().stream().filter(r -> r.stage() == stage).findFirst();
        return s.orElseThrow(() -> new AssertionError("no " + stage + " in\n" + d.text()));
    }

    /** The stage ended with this effect, for this reason type. */
    static StageResult assertStage(Decision d, Stage stage, Effect effect, Class<? extends Reason> reason) {
        StageResult s = stage(d, stage);
        assertEquals(effect, s.effect(), d::text);
        assertInstanceOf(reason, s.reason(), d::text);
        return s;
    }

    /** The stage was decided by this rule. */
    static void assertRule(Decision d, Stage stage, Effect effect, String name, int index) {
        StageResult s = assertStage(d, stage, effect, Reason.RuleMatch.class);
        RuleRef r = ((Reason.RuleMatch) s.reason()).rule();
        assertEquals(name + "#" + index, r.name() + "#" + r.index(), d::text);
    }

    static List<Stage> stagesOf(Decision d) {
        return d.stages().stream().map(StageResult::stage).toList();
    }
}

package io.hostwall.compiler.policytest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.PolicySet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyTestRunnerTest {
    private static final String OUTSIDE = "{in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 8080}";

    private static PolicyTestReport run(PolicySet cluster, String tests) throws Exception {
        return PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml", "node: node1\ntests:\n" + tests),
                PolicyTestRunner.Options.defaults());
    }

    @Test
    void passesWhatTheTutorialPromises() throws Exception {
        PolicyTestReport r = run(Tutorial.cluster(), """
                  - {name: outside dropped, packet: %s, expect: deny, policy: drop-other-ingress, rule: "ingress[0]"}
                  - {name: inside allowed, packet: {in: eth0, src: 10.240.0.12, dst: 10.240.0.11, proto: tcp, dport: 80},
                     expect: allow, policy: allow-cluster-internal-ingress, rule: 0}
                  - {name: ssh failsafe, packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22},
                     expect: allow}
                  - {name: out, packet: {out: eth0, src: 10.240.0.11, dst: 1.1.1.1, proto: tcp, dport: 443},
                     expect: allow, policy: allow-outbound-external, rule: "egress[0]"}
                """.formatted(OUTSIDE));
        assertTrue(r.passed(), r.failures().toString());
        assertEquals(4, r.count(PolicyTestResult.Status.PASSED));
        assertEquals("policy tests: 4 passed, 0 failed", r.summary());
        assertTrue(r.results().stream().allMatch(x -> x.explanation().isPresent() && x.message().isEmpty()));
    }

    @Test
    void aWrongVerdictFailsWithWhatDecidedInstead() throws Exception {
        PolicyTestReport r = run(Tutorial.cluster(), """
                  - {name: ssh blocked, packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22},
                     expect: deny}
                """);
        PolicyTestResult f = r.failures().get(0);
        assertEquals(PolicyTestResult.Status.FAILED, f.status());
        assertEquals("t.yaml:3: \"ssh blocked\": FAILED: expected deny, got allow: decided by normal ingress eth0"
                + " [node1-eth0]: allow: failsafe inbound TCP:22; ruleset: filter INPUT hw-failsafe-in[0] accept #"
                + " failsafe inbound tcp:22", f.line());
        assertEquals("policy tests: 0 passed, 1 failed", r.summary());
        assertFalse(r.passed());
    }

    @Test
    void aWrongPolicyOrRuleFails() throws Exception {
        PolicyTestReport r = run(Tutorial.cluster(), """
                  - {name: other policy, packet: %1$s, expect: deny, policy: allow-cluster-internal-ingress}
                  - {name: other rule, packet: %1$s, expect: deny, policy: drop-other-ingress, rule: 1}
                  - {name: other direction, packet: %1$s, expect: deny, policy: drop-other-ingress, rule: "egress[0]"}
                  - {name: no policy decides a failsafe,
                     packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22},
                     expect: allow, policy: allow-cluster-internal-ingress}
                """.formatted(OUTSIDE));
        assertEquals(4, r.count(PolicyTestResult.Status.FAILED));
        String decided = "got deny: decided by pre-DNAT ingress eth0 [node1-eth0]: deny: GlobalNetworkPolicy"
                + " \"drop-other-ingress\" (tier default) spec.ingress[0] Deny; ruleset: mangle PREROUTING"
                + " hw-pi-drop-other-ingress[0] drop # policy drop-other-ingress ingress[0]";
        assertEquals(List.of(
                "expected deny by allow-cluster-internal-ingress, " + decided,
                "expected deny by drop-other-ingress rule 1, " + decided,
                "expected deny by drop-other-ingress egress[0], " + decided,
                "expected allow by allow-cluster-internal-ingress, got allow: decided by normal ingress eth0"
                        + " [node1-eth0]: allow: failsafe inbound TCP:22; ruleset: filter INPUT hw-failsafe-in[0]"
                        + " accept # failsafe inbound tcp:22"),
                r.failures().stream().map(PolicyTestResult::message).toList());
    }

    @Test
    void aNodeThatDoesNotCompileIsAnError() throws Exception {
        PolicySet cluster = Hostwall.loadString("c.yaml", Tutorial.MANIFESTS + """
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: tiered.p}
                spec: {tier: tiered, selector: all(), ingress: [{action: Allow}]}
                """);
        PolicyTestResult r = run(cluster, "  - {name: x, packet: %s, expect: deny}\n".formatted(OUTSIDE))
                .results().get(0);
        assertEquals(PolicyTestResult.Status.ERROR, r.status());
        assertTrue(r.message().startsWith("node node1 does not compile: "), r.message());
        assertTrue(r.message().contains("tiered"), r.message());
        assertEquals(Optional.empty(), r.explanation());
    }

    @Test
    void factsComeFromTheCaseThenTheFileThenTheOptions() throws Exception {
        // A host endpoint with expectedIPs only binds the interfaces the facts say hold its address.
        PolicySet cluster = Hostwall.loadString("c.yaml", Tutorial.MANIFESTS.replace(
                "spec: {interfaceName: eth0, node: node1}", "spec: {expectedIPs: [10.240.0.11], node: node1}"));
        String tests = "node: node1\n%stests:\n"
                + "  - {name: bound, packet: %s, expect: deny, policy: drop-other-ingress%s}\n";
        String caseFacts = ", facts: {eth0: [10.240.0.11]}";
        String fileFacts = "facts: {node1: {eth0: [10.240.0.11]}}\n";
        PolicyTestRunner.Options none = PolicyTestRunner.Options.defaults();
        PolicyTestRunner.Options optionFacts = new PolicyTestRunner.Options(CompileOptions.defaults(),
                ImmutableMap.of("node1", NodeFacts.builder().addInterface("eth0", "10.240.0.11").build()));
        assertFalse(PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml", tests.formatted("", OUTSIDE, "")),
                none).passed(), "without facts the endpoint binds nothing and the packet is not policed");
        assertTrue(PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml",
                tests.formatted("", OUTSIDE, caseFacts)), none).passed());
        assertTrue(PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml",
                tests.formatted(fileFacts, OUTSIDE, "")), none).passed());
        assertTrue(PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml",
                tests.formatted("", OUTSIDE, "")), optionFacts).passed());
        // The case's own facts win over the file's.
        assertFalse(PolicyTestRunner.run(cluster, PolicyTestSuite.parse("t.yaml",
                tests.formatted(fileFacts, OUTSIDE, ", facts: {eth9: [10.240.0.11]}")), none).passed());
    }

    @Test
    void aRulesetThatContradictsThePolicyIsACompilerBug() throws Exception {
        Packet outside = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 8080).in("eth0").build();
        // A ruleset compiled from other manifests stands in for a broken compiler.
        PolicySet noDrop = Hostwall.loadString("c.yaml", Tutorial.MANIFESTS.replace("ingress: [{action: Deny}]",
                "ingress: [{action: Allow}]"));
        Explanation verdictWrong = explain(noDrop, outside);
        Checks.Failure f = Checks.check(verdictWrong, PolicyTestCase.Expectation.verdict(Verdict.DENY)).orElseThrow();
        assertEquals(PolicyTestResult.Status.DISAGREEMENT, f.status());
        assertTrue(f.message().startsWith("compiler bug: the policy says deny but the compiled ruleset says allow"),
                f.message());

        PolicySet renamed = Hostwall.loadString("c.yaml", Tutorial.MANIFESTS.replace("drop-other-ingress",
                "drop-the-rest"));
        Explanation ruleWrong = explain(renamed, outside);
        Checks.Failure g = Checks.check(ruleWrong, new PolicyTestCase.Expectation(Verdict.DENY,
                Optional.of("drop-other-ingress"), Optional.empty())).orElseThrow();
        assertEquals(PolicyTestResult.Status.DISAGREEMENT, g.status());
        assertEquals("compiler bug: the policy is decided by GlobalNetworkPolicy \"drop-other-ingress\" (tier"
                + " default) spec.ingress[0] Deny but the compiled ruleset's deciding rule is none", g.message());
    }

    private static Explanation explain(PolicySet compiledFrom, Packet p) throws Exception {
        Ruleset other = Hostwall.create().compile(compiledFrom, "node1").ruleset();
        return Explanation.of(Tutorial.cluster(), "node1", CompileOptions.defaults(), other, p);
    }
}

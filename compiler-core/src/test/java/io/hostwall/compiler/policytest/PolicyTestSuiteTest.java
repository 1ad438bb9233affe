package io.hostwall.compiler.policytest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.model.Direction;
import io.hostwall.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestSuiteTest {

    @Test
    void readsEveryFieldOfATest() throws Exception {
        PolicyTestSuite s = PolicyTestSuite.parse("t.yaml", """
                facts:
                  node1: {eth0: [10.240.0.11]}
                node: node1
                tests:
                  - name: dropped
                    packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, sport: 1234, dport: 8080}
                    expect: deny
                    policy: drop-other-ingress
                    rule: ingress[0]
                  - name: forwarded after DNAT
                    node: node2
                    facts: {eth1: ["fd00::2"]}
                    packet: {in: eth1, out: cali1, src: "fd00::9", dst: "fd00::2", proto: udp, dport: 53,
                             dnat: "[fd00::5]:5353", established: true}
                    expect: allow
                    policy: p
                    rule: 2
                  - name: ping
                    packet: {out: eth0, src: 10.240.0.11, dst: 8.8.8.8, proto: icmp, icmp-type: 8, icmp-code: 0,
                             invalid: true}
                    expect: ALLOW
                """);
        assertEquals("t.yaml", s.source());
        assertEquals(NodeFacts.builder().addInterface("eth0", "10.240.0.11").build(), s.facts().get("node1"));
        assertEquals(3, s.cases().size());

        PolicyTestCase a = s.cases().get(0);
        assertEquals("dropped", a.name());
        assertEquals("node1", a.node());
        assertEquals(Packet.tcp("203.0.113.7", 1234, "10.240.0.11", 8080).in("eth0").build(), a.packet());
        assertEquals(new PolicyTestCase.Expectation(Verdict.DENY, Optional.of("drop-other-ingress"),
                Optional.of(new PolicyTestCase.RuleIndex(Optional.of(Direction.INGRESS), 0))), a.expect());
        assertEquals(Optional.empty(), a.facts());
        assertEquals(5, a.location().line());

        PolicyTestCase b = s.cases().get(1);
        assertEquals("node2", b.node());
        assertEquals(Optional.of(NodeFacts.builder().addInterface("eth1", "fd00::2").build()), b.facts());
        assertEquals(Packet.udp("fd00::9", 40000, "fd00::2", 53).in("eth1").out("cali1").dnat("fd00::5", 5353)
                .established().build(), b.packet());
        assertEquals(Optional.of(new PolicyTestCase.RuleIndex(Optional.empty(), 2)), b.expect().rule());

        PolicyTestCase c = s.cases().get(2);
        assertEquals(Packet.icmp("10.240.0.11", "8.8.8.8", 8, 0).out("eth0").invalid().build(), c.packet());
        assertEquals(PolicyTestCase.Expectation.verdict(Verdict.ALLOW), c.expect());
    }

    @Test
    void readsJson() throws Exception {
        PolicyTestSuite s = PolicyTestSuite.parse("t.json", """
                {"tests": [{"name": "n", "node": "node1", "expect": "allow",
                            "packet": {"in": "eth0", "src": "10.0.0.1", "dst": "10.0.0.2", "proto": 6, "dport": 22}}]}
                """);
        assertEquals(Packet.tcp("10.0.0.1", 40000, "10.0.0.2", 22).in("eth0").build(), s.cases().get(0).packet());
    }

    @Test
    void reportsEveryProblemWithLineAndField() {
        PolicyTestException e = assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("bad.yaml", """
                node: node1
                tests:
                  - name: one
                    packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0, proto: tcp, flag: true}
                    expect: maybe
                  - name: two
                    packet: {in: eth0, src: 10.0.0.1, dst: "fd00::1", proto: tcp}
                    expect: deny
                    rule: ingress[x]
                  - name: three
                    packet: {src: 10.0.0.1, dst: 10.0.0.2, proto: udp, dport: 70000, icmp-type: 3}
                    expect: allow
                  - name: one
                    packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0.2, proto: icmp, icmp-code: 1, established: true,
                             invalid: true}
                    expect: allow
                """));
        assertEquals(List.of(
                "bad.yaml:4: tests[0].packet.flag: unknown field \"flag\"; known: dnat, dport, dst, established,"
                        + " icmp-code, icmp-type, in, invalid, out, proto, sport, src",
                "bad.yaml:4: tests[0].packet.dst: not an IP address: \"10.0.0\"",
                "bad.yaml:5: tests[0].expect: expected allow or deny, got \"maybe\"",
                "bad.yaml:7: tests[1].packet.dst: src and dst must be of one IP family",
                "bad.yaml:9: tests[1].rule: needs the policy it belongs to: give policy too",
                "bad.yaml:9: tests[1].rule: expected a rule index such as 0, ingress[0] or egress[1], got"
                        + " \"ingress[x]\"",
                "bad.yaml:11: tests[2].packet: give in, out or both (in only: to a host process; out only: from one;"
                        + " both: forwarded)",
                "bad.yaml:11: tests[2].packet.dport: expected a number 0..65535, got 70000",
                "bad.yaml:11: tests[2].packet: icmp-type/icmp-code need proto icmp or icmpv6",
                "bad.yaml:14: tests[3].packet.icmp-code: needs icmp-type",
                "bad.yaml:14: tests[3].packet: give established or invalid, not both"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aNameGivenTwiceIsRefused() {
        PolicyTestException e = assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("d.yaml", """
                node: node1
                tests:
                  - {name: a, packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0.2, proto: tcp}, expect: allow}
                  - {name: a, packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0.2, proto: tcp}, expect: deny}
                """));
        assertEquals("d.yaml:4: tests[1].name: test \"a\" is given twice", e.problems().get(0).toString());
    }

    @Test
    void syntaxEmptyAndShapeErrorsAreLocated() {
        assertEquals("s.yaml:2", assertThrows(PolicyTestException.class,
                () -> PolicyTestSuite.parse("s.yaml", "tests:\n  - {name: [\n")).problems().get(0).location()
                .orElseThrow().toString());
        assertEquals("e.yaml:1: the file is empty: expected a mapping with a list of tests",
                assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("e.yaml", ""))
                        .problems().get(0).toString());
        assertEquals("l.yaml:1: tests: expected a non-empty list of tests, got a mapping",
                assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("l.yaml", "tests: {a: 1}\n"))
                        .problems().get(0).toString());
        assertEquals("k.yaml:1: test: unknown field \"test\"; known: facts, node, tests",
                assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("k.yaml", "test: []\ntests: []\n"))
                        .problems().get(0).toString());
        assertEquals("m.yaml:2: tests[0].node: missing: the node the packet meets (or a top-level node)",
                assertThrows(PolicyTestException.class, () -> PolicyTestSuite.parse("m.yaml", """
                        tests:
                          - {name: a, packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0.2, proto: tcp}, expect: allow}
                        """)).problems().get(0).toString());
    }

    @Test
    void loadReadsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "node: node1\ntests:\n  - {name: a, packet: {in: eth0, src: 10.0.0.1, dst: 10.0.0.2,"
                + " proto: tcp}, expect: allow}\n");
        assertEquals(f.toString(), PolicyTestSuite.load(f).source());
        assertEquals(f + ":3", PolicyTestSuite.load(f).cases().get(0).location().toString());
        PolicyTestException e = assertThrows(PolicyTestException.class,
                () -> PolicyTestSuite.load(dir.resolve("nope.yaml")));
        assertTrue(e.problems().get(0).toString().endsWith("nope.yaml: no such file"), e.getMessage());
    }

    @Test
    void ruleIndexParses() {
        assertEquals(Optional.of(new PolicyTestCase.RuleIndex(Optional.of(Direction.EGRESS), 12)),
                PolicyTestCase.RuleIndex.parse("egress[12]"));
        assertEquals(Optional.of(new PolicyTestCase.RuleIndex(Optional.empty(), 3)),
                PolicyTestCase.RuleIndex.parse("3"));
        assertEquals(Optional.empty(), PolicyTestCase.RuleIndex.parse("ingress[]"));
        assertEquals(Optional.empty(), PolicyTestCase.RuleIndex.parse("-1"));
        assertEquals("ingress[0]", new PolicyTestCase.RuleIndex(Optional.of(Direction.INGRESS), 0).toString());
        assertEquals("rule 4", new PolicyTestCase.RuleIndex(Optional.empty(), 4).toString());
    }
}

package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hostwall diff} and {@code hostwall graph}. */
class DiffGraphCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    Path dir;
    Path before;
    Path after;

    /** before: the tutorial (manifests 1-4); after: its HostEndpoint with expectedIPs, so the NodePort opens. */
    @BeforeEach
    void trees() throws Exception {
        before = Files.createDirectory(dir.resolve("before"));
        after = Files.createDirectory(dir.resolve("after"));
        for (String f : List.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml", "04-allow-nodeport.yaml")) {
            Files.copy(EXAMPLES.resolve(f), before.resolve(f));
            Files.copy(EXAMPLES.resolve(f), after.resolve(f));
        }
        Files.copy(EXAMPLES.resolve("03-host-endpoint.yaml"), before.resolve("03-host-endpoint.yaml"));
        Files.copy(EXAMPLES.resolve("variants/expected-ips/host-endpoint.yaml"), after.resolve("03-host-endpoint.yaml"));
    }

    private Path packets(String yaml) throws Exception {
        return Files.writeString(dir.resolve("packets.yaml"), yaml);
    }

    private static final String NODEPORT = """
            - name: nodeport from outside
              in: eth0
              src: 203.0.113.7
              dst: 10.240.0.11
              proto: tcp
              dport: 31852
            - {name: ssh, node: node1, in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22}
            - {name: not here, node: node9, in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22}
            """;

    @Test
    void identicalTreesExitZero() {
        Run r = run("diff", before.toString(), before.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("node node1: identical\nno differences (1 node)\n", r.out());
    }

    @Test
    void theShippedProbesLoadAndKeepTheirVerdictsOnAnUnchangedTree() {
        Run r = run("diff", "--backend", "nftables", "--packets",
                Path.of("..", "examples", "probes", "protect-hosts.yaml").toString(), before.toString(), before.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("node node1: identical\nno differences (1 node)\n", r.out());
        Run changed = run("diff", "--backend", "nftables", "--packets",
                Path.of("..", "examples", "probes", "protect-hosts.yaml").toString(), before.toString(), after.toString());
        assertTrue(changed.out().contains("  verdicts: 1 of 4 probes changed\n"), changed.out());
    }

    @Test
    void aChangeExitsOneAndShowsRuleOriginDocumentsAndVerdicts() throws Exception {
        Run r = run("diff", "--packets", packets(NODEPORT).toString(), "--color=never", before.toString(),
                after.toString());
        assertEquals(1, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("node node1: changed\n  host endpoints:\n    ~ node1-eth0  (interface eth0)\n"), out);
        assertTrue(out.contains("  chain hw-pi-allow-nodeport\n    + [0] proto tcp daddr 10.240.0.11/32 dport 31852"
                + " -> mark = mark & ~0x10000 | 0x10000  # policy allow-nodeport ingress[0]\n"), out);
        assertTrue(out.contains("  verdicts: 1 of 2 probes changed\n    ~ nodeport from outside: tcp 203.0.113.7:40000"
                + " -> 10.240.0.11:31852 in eth0, new: deny -> allow  # was policy drop-other-ingress ingress[0],"
                + " now policy allow-nodeport ingress[0]\n"), out);
        assertTrue(out.contains("--- old/node1.nft\n+++ new/node1.nft\n@@ "), out);
        assertTrue(out.contains("--- old/node1.iptables\n+++ new/node1.iptables\n"), out);
        assertTrue(out.contains("\n+\t\tmeta l4proto tcp ip daddr 10.240.0.11/32 tcp dport 31852"), out);
        assertFalse(out.contains("\u001b["), out);
        assertTrue(out.endsWith("1 of 1 node differs\n"), out);
        assertEquals(out, run("diff", "--packets", dir.resolve("packets.yaml").toString(), before.toString(),
                after.toString()).out(), "deterministic, and no colour off a terminal");
    }

    @Test
    void backendLimitsTheDocumentsAndColorAlwaysColours() {
        Run r = run("diff", "--backend", "nftables", "--node", "node1", "--color=always", before.toString(),
                after.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("\u001b[1m--- old/node1.nft\u001b[0m"), r.out());
        assertTrue(r.out().contains("\u001b[32m+\t\tmeta l4proto tcp"), r.out());
        assertFalse(r.out().contains("node1.iptables"), r.out());
    }

    @Test
    void jsonHasTheDocumentedSchema() throws Exception {
        Run r = run("diff", "--json", "--backend", "nftables", "--packets", packets(NODEPORT).toString(),
                before.toString(), after.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("hostwall-diff/1", root.get("schema").asText());
        assertFalse(root.get("identical").asBoolean());
        JsonNode node = root.get("nodes").get(0);
        assertEquals("node1", node.get("node").asText());
        assertEquals("changed", node.get("status").asText());
        assertEquals("changed", node.get("endpoints").get(0).get("change").asText());
        JsonNode chain = node.get("chains").get(0);
        assertEquals("hw-pi-allow-nodeport", chain.get("chain").asText());
        assertTrue(chain.get("table").isNull());
        JsonNode rule = chain.get("rules").get(0);
        assertEquals("added", rule.get("change").asText());
        assertTrue(rule.get("oldIndex").isNull());
        assertEquals(0, rule.get("newIndex").asInt());
        assertEquals("policy-rule", rule.get("origin").get("kind").asText());
        assertEquals("allow-nodeport", rule.get("origin").get("name").asText());
        assertEquals("ingress", rule.get("origin").get("direction").asText());
        assertEquals(0, rule.get("origin").get("ruleIndex").asInt());
        assertEquals("nft", node.get("documents").get(0).get("document").asText());
        assertEquals(2, node.get("verdicts").size());
        JsonNode v = node.get("verdicts").get(0);
        assertTrue(v.get("changed").asBoolean());
        assertEquals("allow", v.get("new").asText());
        assertEquals(31852, v.get("packet").get("destinationPort").asInt());
    }

    @Test
    void badInputExitsTwoWithALocatedMessage() throws Exception {
        Run bad = run("diff", "--packets", packets("""
                - {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 99999}
                - {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, colour: red}
                - {in: eth0, src: 203.0.113.7, proto: tcp}
                """).toString(), before.toString(), after.toString());
        assertEquals(2, bad.code());
        assertEquals("", bad.out());
        String p = dir.resolve("packets.yaml").toString();
        assertTrue(bad.err().contains(p + ":1: [0]: dport must be 0..65535, not 99999"), bad.err());
        assertTrue(bad.err().contains(p + ":2: [1].colour: unknown key \"colour\""), bad.err());
        assertTrue(bad.err().contains(p + ":3: [2]: missing dst"), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());

        assertEquals(2, run("diff", "--color=sometimes", before.toString(), after.toString()).code());
        assertEquals(2, run("diff", "--backend", "pf", before.toString(), after.toString()).code());
        Run missing = run("diff", before.toString(), dir.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        assertEquals(2, run("diff", before.toString()).code(), "NEW is required");
    }

    @Test
    void graphPrintsDotAndHighlightsAPacket() {
        String[] paths = {before.toString()};
        Run plain = run("graph", "--node", "node1", paths[0]);
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().startsWith("digraph \"hostwall node1\" {\n"), plain.out());
        assertFalse(plain.out().contains("#d62728"));
        Run path = run("graph", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.240.0.11",
                "--proto", "tcp", "--dport", "22", paths[0]);
        assertEquals(0, path.code(), path.err());
        assertTrue(path.out().contains("verdict: allow (failsafe inbound tcp:22)"), path.out());
        assertTrue(path.out().contains("#d62728"), path.out());
        Run partial = run("graph", "--node", "node1", "--in", "eth0", paths[0]);
        assertEquals(2, partial.code());
        assertTrue(partial.err().contains("--src"), partial.err());
        Run badPort = run("graph", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.240.0.11",
                "--proto", "icmp", "--dport", "22", paths[0]);
        assertEquals(2, badPort.code());
        assertEquals("hostwall: --sport/--dport need --proto tcp, udp or sctp\n", badPort.err());
    }

    @Test
    void explainKeepsItsFlagsAndMessages() {
        Run r = run("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.240.0.11",
                "--proto", "udp", "--icmp-type", "8", before.toString());
        assertEquals(2, r.code());
        assertEquals("hostwall: --icmp-type/--icmp-code need --proto icmp or icmpv6\n", r.err());
        Run missing = run("explain", "--node", "node1", "--in", "eth0", before.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("Missing required options"), missing.err());
    }
}

package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --host-facts FILE}: each node compiled, explained and linted with its own interfaces. */
class HostFactsTest {
    /** Two nodes whose endpoints name no interface: only host facts can bind them. */
    private static final String MANIFESTS = """
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node1-main, labels: {role: host}}
            spec: {node: node1, expectedIPs: [10.0.0.1]}
            ---
            apiVersion: projectcalico.org/v3
            kind: HostEndpoint
            metadata: {name: node2-main, labels: {role: host}}
            spec: {node: node2, expectedIPs: ["fd00::2"]}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: ssh-only}
            spec:
              selector: role == 'host'
              ingress: [{action: Allow, protocol: TCP, destination: {ports: [22]}}]
              egress: [{action: Allow}]
            """;
    private static final String FACTS = """
            # node1 holds its address on eth0, node2 on eth1
            node1:
              eth0: [10.0.0.1]
              eth1: [192.0.2.1]
            node2: {eth0: [192.0.2.2], eth1: [10.0.0.9, "fd00::2"]}
            """;
    private static final String NOT_BOUND = "pass host facts";

    @TempDir
    Path dir;
    private Path manifests;
    private Path facts;

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void files() throws Exception {
        manifests = Files.writeString(dir.resolve("cluster.yaml"), MANIFESTS);
        facts = Files.writeString(dir.resolve("facts.yaml"), FACTS);
    }

    @Test
    void compileBindsTheEndpointThroughTheNodesFacts() {
        Run without = run("compile", "--backend", "nftables", "--node", "node1", manifests.toString());
        assertEquals(0, without.code(), without.err());
        assertTrue(without.err().contains(NOT_BOUND), without.err());
        Run with = run("compile", "--backend", "nftables", "--node", "node1", "--host-facts", facts.toString(),
                manifests.toString());
        assertEquals(0, with.code(), with.err());
        assertEquals("", with.err());
        assertNotEquals(without.out(), with.out());
        assertTrue(with.out().contains("\"eth0\""), with.out());
        assertFalse(with.out().contains("\"eth1\""), with.out());
    }

    @Test
    void allNodesGivesEachNodeItsOwnFacts() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("compile", "--backend", "nftables", "--all-nodes", "--out-dir", out.toString(), "--host-facts",
                facts.toString(), manifests.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String node1 = Files.readString(out.resolve("node1.nft"));
        String node2 = Files.readString(out.resolve("node2.nft"));
        assertTrue(node1.contains("\"eth0\"") && !node1.contains("\"eth1\""), node1);
        assertTrue(node2.contains("\"eth1\"") && !node2.contains("\"eth0\""), node2);
        // Each equals the node compiled alone with the same file.
        Run alone = run("compile", "--backend", "nftables", "--node", "node2", "--host-facts", facts.toString(),
                manifests.toString());
        assertEquals(node2, alone.out());
    }

    @Test
    void hostInterfaceStillGivesEveryNodeTheSameFacts() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("compile", "--backend", "nftables", "--all-nodes", "--out-dir", out.toString(),
                "--host-interface", "eth3=10.0.0.1,fd00::2", manifests.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("node1.nft")).contains("\"eth3\""));
        assertTrue(Files.readString(out.resolve("node2.nft")).contains("\"eth3\""));
    }

    @Test
    void aJsonFileWorksAlike() throws Exception {
        Path json = Files.writeString(dir.resolve("facts.json"),
                "{\"node1\": {\"eth0\": [\"10.0.0.1\"], \"eth1\": [\"192.0.2.1\"]}}");
        Run yaml = run("compile", "--backend", "iptables", "--node", "node1", "--host-facts", facts.toString(),
                manifests.toString());
        Run fromJson = run("compile", "--backend", "iptables", "--node", "node1", "--host-facts", json.toString(),
                manifests.toString());
        assertEquals(0, fromJson.code(), fromJson.err());
        assertEquals(yaml.out(), fromJson.out());
    }

    @Test
    void explainUsesTheNodesFacts() {
        Run node1 = run("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.0.0.1",
                "--proto", "tcp", "--dport", "80", "--host-facts", facts.toString(), manifests.toString());
        assertEquals(0, node1.code(), node1.err());
        assertTrue(node1.out().strip().endsWith("verdict: deny"), node1.out());
        // On node2, eth0 belongs to no endpoint.
        Run node2 = run("explain", "--node", "node2", "--in", "eth0", "--src", "203.0.113.7", "--dst", "192.0.2.2",
                "--proto", "tcp", "--dport", "80", "--host-facts", facts.toString(), manifests.toString());
        assertEquals(0, node2.code(), node2.err());
        assertTrue(node2.out().strip().endsWith("verdict: allow"), node2.out());
    }

    @Test
    void lintUsesEachNodesFacts() throws Exception {
        Run without = run("lint", manifests.toString());
        assertEquals(2, without.out().lines().filter(l -> l.contains(NOT_BOUND)).count(), without.out());
        Path onlyNode2 = Files.writeString(dir.resolve("node2.yaml"), "node2: {eth1: [\"fd00::2\"]}\n");
        Run some = run("lint", "--all-nodes", "--host-facts", onlyNode2.toString(), manifests.toString());
        List<String> unbound = some.out().lines().filter(l -> l.contains(NOT_BOUND)).toList();
        assertEquals(1, unbound.size(), some.out());
        assertTrue(unbound.get(0).contains("node1-main"), unbound.get(0));
    }

    @Test
    void problemsInTheFileAreReportedWithLineAndKeyAllAtOnce() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                node1:
                  eth0: [10.0.0.1, 10.0.0.300]
                  "eth0;drop": [10.0.0.2]
                  eth1: 10.0.0.3
                Node_2: {eth0: []}
                node3:
                  eth0: [{address: 10.0.0.4}]
                """);
        Run r = run("compile", "--backend", "nftables", "--node", "node1", "--host-facts", bad.toString(),
                manifests.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(List.of(
                bad + ":2: node1.eth0[1]: not an IP address: \"10.0.0.300\"",
                bad + ":3: node1: \"eth0;drop\" is not a valid interface name: use 1-15 characters of letters,"
                        + " digits, '_', '.' and '-'",
                bad + ":4: node1.eth1: expected a list of IP addresses, not a string",
                bad + ":5: \"Node_2\" is not a valid node name: lower-case letters, digits, '-' and '.', starting"
                        + " and ending with a letter or digit, at most 253 characters (DNS-1123 subdomain)",
                bad + ":7: node3.eth0[0]: expected an IP address, not a map"), r.err().lines().toList());
    }

    @Test
    void aSyntaxErrorIsOneLocatedLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"node1\": {\"eth0\": [\"10.0.0.1\",]}}\n");
        Run r = run("lint", "--host-facts", bad.toString(), manifests.toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(bad + ":1: "), lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aFileThatIsNotAMapIsRefused() throws Exception {
        Path list = Files.writeString(dir.resolve("list.yaml"), "- node1\n");
        Run r = run("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.0.0.1",
                "--proto", "tcp", "--host-facts", list.toString(), manifests.toString());
        assertEquals(2, r.code());
        assertEquals(list + ":1: expected a map of node name -> interface -> list of addresses, not a list",
                r.err().strip());
    }

    @Test
    void aMissingFileIsOneLine() {
        Path missing = dir.resolve("nope.yaml");
        Run r = run("compile", "--backend", "nftables", "--node", "node1", "--host-facts", missing.toString(),
                manifests.toString());
        assertEquals(2, r.code());
        assertEquals("hostwall: --host-facts: no such file: " + missing, r.err().strip());
    }

    @Test
    void bothFlagsAreRefused() {
        Run r = run("compile", "--backend", "nftables", "--node", "node1", "--host-facts", facts.toString(),
                "--host-interface", "eth0=10.0.0.1", manifests.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("hostwall: give --host-interface or --host-facts, not both (put every interface in the"
                + " --host-facts file)", r.err().strip());
    }
}

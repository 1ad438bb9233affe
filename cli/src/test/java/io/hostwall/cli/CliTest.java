package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");
    private static final String[] TUTORIAL = Stream.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
            "03-host-endpoint.yaml", "04-allow-nodeport.yaml").map(f -> EXAMPLES.resolve(f).toString()).toArray(String[]::new);

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] args(List<String> head, String... paths) {
        return Stream.concat(head.stream(), Stream.of(paths)).toArray(String[]::new);
    }

    @Test
    void compilePrintsTheNftScriptOfOneNode() {
        Run r = run(args(List.of("compile", "--backend", "nftables", "--node", "node1"), TUTORIAL));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("table inet hostwall {"), r.out());
        assertTrue(r.out().contains("chain hw-pi-drop-other-ingress"));
    }

    @Test
    void compilePrintsTheIpv6DocumentOnRequest() {
        Run r = run(args(List.of("compile", "--backend", "iptables", "--node", "node1", "--ip-version", "6"), TUTORIAL));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("*filter"));
        assertTrue(r.out().contains("IPv6"), r.out().lines().findFirst().orElse(""));
    }

    @Test
    void outDirGetsOneFileSetPerNode(@TempDir Path dir) {
        Run r = run("compile", "--backend", "iptables", "--all-nodes", "--out-dir", dir.toString(),
                EXAMPLES.resolve("01-pre-dnat-policies.yaml").toString(), EXAMPLES.resolve("variants/special-value").toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("node1.iptables", "node1.ip6tables", "node2.iptables", "node2.ip6tables")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
    }

    /** A policy with more source nets than fit inline, so that the iptables backend needs an ipset document. */
    private static Path withSets(Path dir) throws Exception {
        Path f = dir.resolve("sets.yaml");
        Files.writeString(f, """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata:
                  name: many-nets
                spec:
                  selector: all()
                  ingress:
                  - action: Allow
                    source:
                      nets: [10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16, 10.4.0.0/16, 10.5.0.0/16]
                """);
        return f;
    }

    @Test
    void documentChoosesWhatGoesToStdoutAndBackendIpsetStaysItsAlias(@TempDir Path dir) throws Exception {
        String[] in = {withSets(dir).toString(), EXAMPLES.resolve("03-host-endpoint.yaml").toString()};
        Run alias = run(args(List.of("compile", "--backend", "ipset", "--node", "node1"), in));
        Run ipset = run(args(List.of("compile", "--backend", "iptables", "--document", "ipset", "--node", "node1"), in));
        assertEquals(0, alias.code(), alias.err());
        assertEquals(0, ipset.code(), ipset.err());
        assertTrue(alias.out().startsWith("# hostwall IP sets for node node1"), alias.out());
        assertEquals(alias.out(), ipset.out());
        assertEquals("", alias.err());
        Run v6 = run(args(List.of("compile", "--backend", "iptables", "--document", "ip6tables", "--node", "node1"), in));
        Run ipVersion6 = run(args(List.of("compile", "--backend", "iptables", "--ip-version", "6", "--node", "node1"), in));
        assertEquals(ipVersion6.out(), v6.out());
        assertTrue(v6.out().contains("IPv6"), v6.out());
        // Without sets the ipset document is empty, as it always was.
        Run none = run(args(List.of("compile", "--backend", "ipset", "--node", "node1"), TUTORIAL));
        assertEquals(0, none.code(), none.err());
        assertEquals("", none.out());
    }

    @Test
    void backendIpsetAndDocumentIpsetWriteOnlyIpsetFiles(@TempDir Path dir) throws Exception {
        String[] in = {withSets(dir).toString(), EXAMPLES.resolve("03-host-endpoint.yaml").toString()};
        for (List<String> flags : List.of(List.of("--backend", "ipset"), List.of("--backend", "iptables", "--document", "ipset"))) {
            Path out = Files.createDirectories(dir.resolve("out-" + flags.size()));
            List<String> head = new java.util.ArrayList<>(List.of("compile", "--node", "node1", "--out-dir", out.toString()));
            head.addAll(flags);
            Run r = run(args(head, in));
            assertEquals(0, r.code(), r.err());
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of("node1.ipset"), files.map(p -> p.getFileName().toString()).toList(), flags.toString());
            }
        }
    }

    @Test
    void badDocumentFlagsGiveOneClearLine() {
        Run unknown = run(args(List.of("compile", "--backend", "iptables", "--document", "pf", "--node", "node1"), TUTORIAL));
        assertEquals(2, unknown.code());
        assertEquals("hostwall: --document must be one of nft, nft.json, iptables, ip6tables, ipset, not \"pf\"", unknown.err().strip());
        Run foreign = run(args(List.of("compile", "--backend", "nftables", "--document", "ipset", "--node", "node1"), TUTORIAL));
        assertEquals(2, foreign.code());
        assertEquals("hostwall: --document ipset: backend nftables renders only nft, nft.json", foreign.err().strip());
        Run help = run("compile", "--help");
        assertTrue(help.out().contains("--backend=nftables|iptables") && !help.out().contains("--backend=nftables|iptables|ipset"),
                "the deprecated ipset alias is not advertised: " + help.out());
    }

    @Test
    void invalidManifestsExitTwoWithEveryProblemOnStderrAndNothingOnStdout(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata:
                  name: web
                spec:
                  ingress:
                  - action: allow
                    protocol: TCP
                    destination:
                      ports: ["90:80"]
                """);
        Run r = run("compile", "--backend", "nftables", "--node", "node1", bad.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(bad + ":7: GlobalNetworkPolicy \"web\": spec.ingress[0].action: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(bad + ":10: GlobalNetworkPolicy \"web\": spec.ingress[0].destination.ports[0]: "), lines.get(1));
    }

    @Test
    void badFlagsGiveOneClearLineAndNoStackTrace() {
        Run r = run(args(List.of("compile", "--backend", "pf", "--node", "node1"), TUTORIAL));
        assertEquals(2, r.code());
        assertEquals("hostwall: --backend must be one of iptables, nftables, ipset, not \"pf\"", r.err().strip());
        Run missing = run("compile", "--node", "node1");
        assertEquals(2, missing.code());
        assertFalse(missing.err().contains("Exception"), missing.err());
        Run node = run(args(List.of("compile", "--backend", "nftables", "--node", "Bad\nNode"), TUTORIAL));
        assertEquals(2, node.code());
        assertEquals("hostwall: --node: not a valid node name: \"Bad\\x0aNode\"", node.err().strip());
    }

    @Test
    void lintExplainsWhyTheLiteralTutorialKeepsTheNodePortClosed() {
        Run r = run(args(List.of("lint", "--node", "node1"), TUTORIAL));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("GlobalNetworkPolicy \"allow-nodeport\": spec.ingress[0].destination.selector")
                && r.out().contains("expectedIPs"), r.out());
    }

    @Test
    void lintIsQuietForTheExpectedIpsVariant() {
        Run r = run("lint", EXAMPLES.resolve("01-pre-dnat-policies.yaml").toString(),
                EXAMPLES.resolve("02-allow-outbound-external.yaml").toString(), EXAMPLES.resolve("04-allow-nodeport.yaml").toString(),
                EXAMPLES.resolve("variants/expected-ips").toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void explainEndsWithTheVerdictAndNamesTheDecidingRule() {
        Run blocked = run(args(List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "10.240.0.11", "--proto", "tcp", "--dport", "31852"), TUTORIAL));
        assertEquals(0, blocked.code(), blocked.err());
        List<String> lines = blocked.out().lines().toList();
        assertEquals("verdict: deny", lines.get(lines.size() - 1));
        assertTrue(blocked.out().contains("GlobalNetworkPolicy \"drop-other-ingress\""), blocked.out());
        Run ssh = run(args(List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "10.240.0.11", "--proto", "tcp", "--dport", "22", "--json"), TUTORIAL));
        assertTrue(ssh.out().contains("\"verdict\" : \"allow\""), ssh.out());
        assertTrue(ssh.out().contains("failsafe inbound"), ssh.out());
        Run bad = run(args(List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "fd00::1", "--proto", "tcp"), TUTORIAL));
        assertEquals(2, bad.code());
        assertEquals("hostwall: --src and --dst must be of one IP family", bad.err().strip());
    }

    @Test
    void explainOfAnInvalidPacketShowsTheConntrackDropEvenOnAFailsafePort() {
        Run r = run(args(List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "10.240.0.11", "--proto", "tcp", "--dport", "22", "--invalid"), TUTORIAL));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("verdict: deny", lines.get(lines.size() - 1));
        assertTrue(r.out().contains("conntrack: invalid"), r.out());
        Run both = run(args(List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "10.240.0.11", "--proto", "tcp", "--established", "--invalid"), TUTORIAL));
        assertEquals(2, both.code());
        assertEquals("hostwall: give --established or --invalid, not both", both.err().strip());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("compile", "explain", "lint")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: hostwall " + cmd), r.out());
        }
    }
}

package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.spi.DocumentKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, CLI side: long node names as files (defect 4), unknown nodes (5) and flag hygiene (6). */
class HostileInputTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");
    private static final String[] TUTORIAL = Stream.of("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml",
            "03-host-endpoint.yaml", "04-allow-nodeport.yaml").map(f -> EXAMPLES.resolve(f).toString()).toArray(String[]::new);
    /** A valid node name of the maximum length, 253 characters (labels of 63, 63, 63 and 61). */
    static final String LONGEST = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

    record Run(int code, String out, String err, String systemErr) {}

    /** Runs the CLI in-JVM; also captures System.err, where nothing may ever be printed (picocli's tracer writes there). */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream saved = System.err;
        ByteArrayOutputStream sys = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(sys, true, StandardCharsets.UTF_8));
        try {
            code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        } finally {
            System.setErr(saved);
        }
        return new Run(code, out.toString(), err.toString(), sys.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(List<String> head, String... paths) {
        return Stream.concat(head.stream(), Stream.of(paths)).toArray(String[]::new);
    }

    static Path endpoints(Path dir, String... nodes) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            b.append("""
                    apiVersion: projectcalico.org/v3
                    kind: HostEndpoint
                    metadata: {name: hep-%d, labels: {host-endpoint: ingress}}
                    spec: {node: %s, interfaceName: eth%d}
                    ---
                    """.formatted(i, nodes[i], i));
        }
        Path f = dir.resolve("endpoints.yaml");
        Files.writeString(f, b.toString());
        return f;
    }

    // ---- defect 4: any valid node name can be written with --out-dir ------------------------------------------

    @Test
    void aNodeNameOf253CharactersIsWrittenToAFileLinuxAccepts(@TempDir Path dir) throws Exception {
        assertEquals(253, LONGEST.length());
        Path in = endpoints(dir, LONGEST);
        Path out = dir.resolve("out");
        for (String backend : List.of("nftables", "iptables")) {
            Run r = run(args(List.of("compile", "--backend", backend, "--all-nodes", "--out-dir", out.toString()),
                    in.toString(), EXAMPLES.resolve("01-pre-dnat-policies.yaml").toString()));
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
        }
        Set<String> files = new HashSet<>();
        try (Stream<Path> s = Files.list(out)) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        String stem = NodeFiles.stem(LONGEST);
        assertEquals(Set.of(stem + ".nft", stem + ".iptables", stem + ".ip6tables"), files);
        for (String f : files) {
            assertTrue(f.getBytes(StandardCharsets.UTF_8).length <= 255, f);
        }
        // The header names the node (cut at 200 characters, as the nft writer cuts every comment).
        assertTrue(Files.readString(out.resolve(stem + ".nft")).contains(LONGEST.substring(0, 200)));
        // --node with the same name maps to the same file.
        Path single = dir.resolve("single");
        Run r = run(args(List.of("compile", "--backend", "nftables", "--node", LONGEST, "--out-dir", single.toString()),
                in.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(single.resolve(stem + ".nft")));
    }

    @Test
    void namesThatFitStayAsTheyAreAndLongerOnesAreCutWithAHash() {
        String fits = "n".repeat(NodeFiles.MAX_KEPT);
        assertEquals(fits, NodeFiles.stem(fits));
        assertEquals("node1.example.com", NodeFiles.stem("node1.example.com"));
        assertEquals("node1.nft", NodeFiles.fileName("node1", DocumentKind.NFT));
        String longer = "n".repeat(NodeFiles.MAX_KEPT + 1);
        String stem = NodeFiles.stem(longer);
        assertEquals(NodeFiles.MAX_KEPT, stem.length());
        assertTrue(stem.matches("n{183}_[0-9a-f]{16}"), stem);
        // Stable: the same name, the same file, in any run (the hash is SHA-256, not hashCode()).
        assertEquals(stem, NodeFiles.stem("n".repeat(NodeFiles.MAX_KEPT + 1)));
        // A shortened name never equals a name that fits: node names have no '_'.
        assertTrue(stem.contains("_"));
        // Anything that is not a plain node name is never used as a file name as it is.
        for (String odd : List.of("..", "../etc/passwd", "a/b", "", "UPPER", "x\u0000y")) {
            String s = NodeFiles.stem(odd);
            assertTrue(s.matches("[a-z0-9.-]*_[0-9a-f]{16}") && !s.startsWith("."), odd + " -> " + s);
        }
    }

    @Test
    void longNamesThatShareTheirFirst200CharactersGetDistinctFiles(@TempDir Path dir) throws Exception {
        String common = LONGEST.substring(0, 250);
        String a = common + "a01";
        String b = common + "a02";
        assertNotEquals(NodeFiles.stem(a), NodeFiles.stem(b));
        Set<String> stems = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String n = LONGEST.substring(0, 253 - 5) + String.format("%05d", i);
            assertTrue(stems.add(NodeFiles.stem(n)), n);
        }
        Path in = endpoints(dir, a, b);
        Path out = dir.resolve("out");
        Run r = run(args(List.of("compile", "--backend", "nftables", "--all-nodes", "--out-dir", out.toString()),
                in.toString()));
        assertEquals(0, r.code(), r.err());
        // Each file holds its own node's ruleset: a's endpoint is on eth0, b's on eth1.
        String fa = Files.readString(out.resolve(NodeFiles.fileName(a, DocumentKind.NFT)));
        String fb = Files.readString(out.resolve(NodeFiles.fileName(b, DocumentKind.NFT)));
        assertTrue(fa.contains("\"eth0\"") && !fa.contains("\"eth1\""), fa);
        assertTrue(fb.contains("\"eth1\"") && !fb.contains("\"eth0\""), fb);
    }

    @Test
    void twoNodesOnOneFileAreRefusedRatherThanOverwritten() {
        // A real SHA-256 prefix collision cannot be produced here: the guard is checked with a mapping that collides.
        NodeFiles.requireDistinct(List.of("node1", "node2", "node1"), NodeFiles::stem); // one node twice: one file set
        UserInputException e = org.junit.jupiter.api.Assertions.assertThrows(UserInputException.class,
                () -> NodeFiles.requireDistinct(List.of("node1", "node2"), n -> "same"));
        assertEquals("nodes \"node1\" and \"node2\" would be written to the same file \"same\"; compile them one at a"
                + " time", e.getMessage());
    }

    // ---- defect 5: a node no HostEndpoint names ----------------------------------------------------------------

    @Test
    void aMisspeltNodeIsRefusedByCompileExplainAndLintWithASuggestion() {
        String expected = "hostwall: --node \"nodel\": no HostEndpoint names this node; the manifests know node1"
                + " (did you mean node1?). Its ruleset would protect nothing; give --allow-empty-node if that is intended";
        Run compile = run(args(List.of("compile", "--backend", "nftables", "--node", "nodel"), TUTORIAL));
        Run explain = run(args(List.of("explain", "--node", "nodel", "--in", "eth0", "--src", "203.0.113.7", "--dst",
                "10.240.0.11", "--proto", "tcp", "--dport", "22"), TUTORIAL));
        Run lint = run(args(List.of("lint", "--node", "nodel"), TUTORIAL));
        for (Run r : List.of(compile, explain, lint)) {
            assertEquals(2, r.code(), r.err());
            assertEquals(expected, r.err().strip());
            assertEquals("", r.out());
        }
    }

    @Test
    void allowEmptyNodeCompilesItWithTheWarning() {
        Run r = run(args(List.of("compile", "--backend", "nftables", "--node", "node9", "--allow-empty-node"), TUTORIAL));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("table inet hostwall {"));
        assertTrue(r.err().contains("warning: node \"node9\" has no HostEndpoint"), r.err());
        Run explain = run(args(List.of("explain", "--node", "node9", "--allow-empty-node", "--in", "eth0", "--src",
                "203.0.113.7", "--dst", "10.240.0.11", "--proto", "tcp", "--dport", "80"), TUTORIAL));
        assertEquals(0, explain.code(), explain.err());
        assertTrue(explain.out().strip().endsWith("verdict: allow"), explain.out());
        Run lint = run(args(List.of("lint", "--node", "node9", "--allow-empty-node"), TUTORIAL));
        assertEquals(1, lint.code(), lint.err());
        assertTrue(lint.out().contains("node \"node9\" has no HostEndpoint"), lint.out());
    }

    @Test
    void manyKnownNodesAreListedAsAFewAndNMore(@TempDir Path dir) throws Exception {
        String[] nodes = new String[12];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = String.format("worker-%02d", i);
        }
        Path in = endpoints(dir, nodes);
        Run r = run("compile", "--backend", "nftables", "--node", "worker-7", in.toString());
        assertEquals(2, r.code());
        assertEquals("hostwall: --node \"worker-7\": no HostEndpoint names this node; the manifests know worker-00,"
                + " worker-01, worker-02, worker-03, worker-04 and 7 more (did you mean worker-07?). Its ruleset would"
                + " protect nothing; give --allow-empty-node if that is intended", r.err().strip());
        Run far = run("compile", "--backend", "nftables", "--node", "db", in.toString());
        assertFalse(far.err().contains("did you mean"), far.err());
        Run none = run("compile", "--backend", "nftables", "--node", "node1",
                EXAMPLES.resolve("01-pre-dnat-policies.yaml").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no HostEndpoint names this node, and the manifests have no HostEndpoint at all"),
                none.err());
    }

    @Test
    void closestIsABoundedEditDistance() {
        assertEquals(0, NodeSelection.distance("node1", "node1", 3));
        assertEquals(1, NodeSelection.distance("nodel", "node1", 3));
        assertEquals(2, NodeSelection.distance("ndoe1", "node1", 3));
        assertEquals(4, NodeSelection.distance("abcdefgh", "zzzzzzzz", 3));
        assertEquals(4, NodeSelection.distance("a", "abcdefgh", 3));
        assertEquals("node1", NodeSelection.closest("node11", List.of("node1", "node2")).orElseThrow());
        assertTrue(NodeSelection.closest("x", List.of("node1")).isEmpty());
    }

    // ---- defect 6: flags -------------------------------------------------------------------------------------

    @Test
    void anUnbalancedQuoteInWorkloadPrefixIsOneLineAndNoPicocliWarning() {
        Run r = run(args(List.of("compile", "--backend", "nftables", "--node", "node1", "--workload-prefix", "a\"b"),
                TUTORIAL));
        assertEquals(2, r.code());
        assertEquals("", r.systemErr(), "nothing may reach System.err");
        assertEquals("hostwall: --workload-prefix: workload interface prefix must match [A-Za-z0-9_.-]{1,14}: \"a\\\"b\"",
                r.err().strip());
        Run split = run(args(List.of("compile", "--backend", "nftables", "--node", "node1", "--workload-prefix",
                "cali,tap"), TUTORIAL));
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("\"tap*\""), "both prefixes are used");
        Run empty = run(args(List.of("compile", "--backend", "nftables", "--node", "node1", "--workload-prefix",
                "cali,"), TUTORIAL));
        assertEquals(2, empty.code());
        assertTrue(empty.err().startsWith("hostwall: --workload-prefix: an empty prefix"), empty.err());
    }

    @Test
    void anEmptyOutDirIsRefusedAndNothingIsWrittenHere() {
        Run r = run(args(List.of("compile", "--backend", "nftables", "--node", "node1", "--out-dir", ""), TUTORIAL));
        assertEquals(2, r.code());
        assertEquals("hostwall: --out-dir: the directory name is empty", r.err().strip());
        assertFalse(Files.exists(Path.of("node1.nft")));
    }

    @Test
    void emptyPathsAndFlagValuesAreRefused(@TempDir Path dir) {
        List<List<String>> cases = List.of(
                List.of("lint", ""),
                List.of("compile", "--backend", "nftables", "--node", "node1", ""),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--host-facts", "", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--host-facts", dir.toString(), TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--chain-prefix", "", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--table", "", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--table", " hostwall", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", " node1", TUTORIAL[2]),
                List.of("compile", "--backend", "", "--node", "node1", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--deny", " drop", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--mark-mask", "", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--mark-mask", " 0xffff0000", TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--host-interface", "", TUTORIAL[2]),
                List.of("explain", "--node", "node1", "--in", "", "--src", "1.2.3.4", "--dst", "1.2.3.5", "--proto",
                        "tcp", TUTORIAL[2]),
                List.of("explain", "--node", "node1", "--in", "eth0", "--src", " 1.2.3.4", "--dst", "1.2.3.5",
                        "--proto", "tcp", TUTORIAL[2]),
                List.of("explain", "--node", "node1", "--in", "eth0", "--src", "1.2.3.4", "--dst", "1.2.3.5",
                        "--proto", "", TUTORIAL[2]));
        for (List<String> c : cases) {
            Run r = run(c.toArray(String[]::new));
            assertEquals(2, r.code(), c + ": " + r.err());
            assertTrue(r.err().strip().lines().count() <= 2, c + ": " + r.err());
            assertTrue(r.err().startsWith("hostwall: "), c + ": " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("java."), c + ": " + r.err());
            assertEquals("", r.out(), c.toString());
            assertEquals("", r.systemErr(), c.toString());
        }
    }

    @Test
    void anAbsurdlyLongArgumentIsRefusedWithAShortLine() {
        String huge = "x".repeat(1 << 20);
        for (List<String> c : List.of(List.of("compile", "--backend", "nftables", "--node", huge, TUTORIAL[2]),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--chain-prefix", huge, TUTORIAL[2]),
                List.of("lint", huge))) {
            Run r = run(c.toArray(String[]::new));
            assertEquals(2, r.code());
            assertTrue(r.err().length() < 300, r.err().length() + " characters");
            assertTrue(r.err().contains("is 1048576 characters long; the limit is 4096"), r.err());
        }
        // Below the limit a value is still cut in the message.
        Run r = run("compile", "--backend", "nftables", "--node", "node1", "--chain-prefix", "y".repeat(4000), TUTORIAL[2]);
        assertEquals(2, r.code());
        assertTrue(r.err().length() < 300, r.err());
    }
}

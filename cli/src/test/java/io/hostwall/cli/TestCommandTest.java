package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");
    private static final Path TESTS = Path.of("..", "examples", "policy-tests");
    private static final List<String> TUTORIAL = Stream.of("01-pre-dnat-policies.yaml",
            "02-allow-outbound-external.yaml", "03-host-endpoint.yaml", "04-allow-nodeport.yaml")
            .map(f -> EXAMPLES.resolve(f).toString()).toList();

    record Run(int code, String out, String err) {}

    private static Run run(List<String> head, List<String> manifests) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.concat(head.stream(), Stream.of("--manifests")), manifests.stream())
                .toArray(String[]::new);
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theTutorialsTestsPass() {
        Run r = run(List.of("test", TESTS.resolve("protect-hosts.yaml").toString()), TUTORIAL);
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("policy tests: 9 passed, 0 failed\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void verbosePrintsEveryTest() {
        Run r = run(List.of("test", "-v", TESTS.resolve("protect-hosts.yaml").toString()), TUTORIAL);
        assertEquals(0, r.code(), r.err());
        assertEquals(10, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith(TESTS.resolve("protect-hosts.yaml") + ":6: \"another node reaches a host"
                + " process\": PASSED\n"), r.out());
    }

    @Test
    void aFailedTestPrintsOneLineWithWhatDecidedAndExitsOne(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, """
                node: node1
                tests:
                  - name: NodePort open from outside
                    packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 31852}
                    expect: allow
                  - name: outside dropped
                    packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 8080}
                    expect: deny
                """);
        Run r = run(List.of("test", t.toString()), TUTORIAL);
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(t + ":3: \"NodePort open from outside\": FAILED: expected allow, got deny: decided by"
                        + " pre-DNAT ingress eth0 [node1-eth0]: deny: GlobalNetworkPolicy \"drop-other-ingress\" (tier"
                        + " default) spec.ingress[0] Deny; ruleset: mangle PREROUTING hw-pi-drop-other-ingress[0] drop"
                        + " # policy drop-other-ingress ingress[0]",
                "policy tests: 1 passed, 1 failed"), r.out().lines().toList());
    }

    @Test
    void aBadTestFileIsReportedWholeWithExitTwo(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, "node: node1\ntests:\n  - name: x\n    packet: {in: eth0, src: 1.2.3.4, dst: 1.2.3.5,"
                + " proto: tcp}\n    expect: perhaps\n");
        Run r = run(List.of("test", t.toString(), dir.resolve("missing.yaml").toString()), TUTORIAL);
        assertEquals(2, r.code());
        assertEquals(List.of(t + ":5: tests[0].expect: expected allow or deny, got \"perhaps\"",
                dir.resolve("missing.yaml") + ": no such file"), r.err().lines().toList());
        assertEquals("", r.out());
    }

    @Test
    void badManifestsAndAMissingManifestsFlagExitTwo(@TempDir Path dir) throws Exception {
        String tests = TESTS.resolve("protect-hosts.yaml").toString();
        Run missing = run(List.of("test", tests), List.of(dir.resolve("nope").toString()));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(new String[] {"test", tests}, new PrintWriter(new StringWriter()),
                new PrintWriter(err)));
        assertTrue(err.toString().contains("--manifests"), err.toString());
    }

    @Test
    void hostFactsReachTheTests(@TempDir Path dir) throws Exception {
        // node1's endpoint names no interface: it polices eth0 only when the facts say eth0 holds its address.
        Path hep = dir.resolve("hep.yaml");
        Files.writeString(hep, Files.readString(EXAMPLES.resolve("variants/expected-ips/host-endpoint.yaml"))
                .replace("  interfaceName: eth0\n", ""));
        Path facts = dir.resolve("facts.yaml");
        Files.writeString(facts, "node1: {eth0: [10.240.0.11]}\n");
        List<String> manifests = List.of(TUTORIAL.get(0), TUTORIAL.get(1), TUTORIAL.get(3), hep.toString());
        String tests = TESTS.resolve("protect-hosts-expected-ips.yaml").toString();
        Run without = run(List.of("test", tests), manifests);
        assertEquals(1, without.code(), without.out());
        assertEquals("policy tests: 0 passed, 3 failed", without.out().lines().reduce((a, b) -> b).orElse(""));
        Run with = run(List.of("test", "--host-facts", facts.toString(), tests), manifests);
        assertEquals(0, with.code(), with.out() + with.err());
        assertEquals("policy tests: 3 passed, 0 failed\n", with.out());
    }
}

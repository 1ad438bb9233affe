package io.hostwall.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target: the command line. Argument lists are built from the CLI's own vocabulary (commands, flags, good
 * values) and from arbitrary strings, and run in-JVM through {@link Main#run} with captured streams.
 *
 * <p>A crash is an exit code other than 0, 1 or 2 (3 is "internal error": an exception escaped a command), any
 * exception escaping {@code Main.run}, or a hang over a second. The committed inputs in
 * {@code src/test/resources/io/hostwall/cli/CliArgsFuzzTestInputs/args} replay in every build; a campaign is
 * {@code JAZZER_FUZZ=1 mvn -B -o verify -pl cli -am -Dtest=CliArgsFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Arbitrary strings never name the file system freely: '/' becomes '_', and {@code .}, {@code ..} and
 * {@code @file} become plain names, so that a campaign cannot walk or write outside its scratch directory.
 */
class CliArgsFuzzTest {
    static {
        // apply, watch and remove must never reach this machine's firewall, whatever a campaign finds: every
        // dataplane refuses, so they end with exit code 4 before they write anything or wait for anything.
        Dataplanes.factory = (backend, options) -> {
            throw new io.hostwall.dataplane.DataplaneException("fuzzing: no kernel");
        };
    }

    private static final Path SCRATCH = scratch();
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts").toAbsolutePath().normalize();
    private static final String OUT = SCRATCH.resolve("out").toString();
    private static final List<String> TOKENS = List.of(
            "compile", "explain", "lint", "help", "--help", "-h", "--version", "-V", "--",
            "--backend", "nftables", "iptables", "ipset", "--document", "nft", "ip6tables",
            "--node", "node1", "node2", "nodel", "--all-nodes", "--allow-empty-node", "--out-dir", OUT,
            "--ip-version", "4", "6", "--table", "hostwall", "--counters", "--deny", "drop", "reject",
            "--chain-prefix", "hw", "--mark-mask", "0xffff0000", "0x1f", "--workload-prefix", "cali", "cali,tap",
            "--host-interface", "eth0=10.240.0.11", "eth0=10.240.0.11,fd00::11", "--host-facts",
            SCRATCH.resolve("facts.yaml").toString(), SCRATCH.resolve("facts.json").toString(),
            "--in", "eth0", "--out", "--src", "--dst", "203.0.113.7", "10.240.0.11", "fd00::11", "2001:db8::7",
            "--proto", "tcp", "udp", "icmp", "icmpv6", "sctp", "47", "--sport", "--dport", "22", "30080", "65536",
            "--icmp-type", "--icmp-code", "8", "0", "--dnat", "10.240.0.11:30080", "[fd00::11]:80",
            "--established", "--invalid", "--json",
            EXAMPLES.resolve("01-pre-dnat-policies.yaml").toString(),
            EXAMPLES.resolve("02-allow-outbound-external.yaml").toString(),
            EXAMPLES.resolve("03-host-endpoint.yaml").toString(),
            EXAMPLES.resolve("04-allow-nodeport.yaml").toString(),
            EXAMPLES.resolve("variants").toString(),
            SCRATCH.resolve("bad.yaml").toString(), SCRATCH.resolve("missing.yaml").toString());

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("hostwall-fuzz-args");
            Files.writeString(dir.resolve("facts.yaml"), "node1: {eth0: [10.240.0.11, \"fd00::11\"]}\n");
            Files.writeString(dir.resolve("facts.json"), "{\"node1\": {\"eth1\": [\"10.240.0.12\"]}}\n");
            Files.writeString(dir.resolve("bad.yaml"), "kind: HostEndpoint\nmetadata: {name: x}\nspec: {node: [1]}\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An arbitrary string made harmless as a path (see the class comment). */
    static String tame(String s) {
        String t = s.replace('/', '_');
        if (t.equals(".") || t.equals("..") || t.startsWith("@")) {
            t = "_" + t;
        }
        if (t.startsWith("--out-dir")) {
            // picocli accepts --out-dir=DIR: keep the directory the campaign's own.
            t = "--out-dir=" + OUT;
        }
        return t;
    }

    static List<String> arguments(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 24);
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            if (data.consumeBoolean()) {
                args.add(data.pickValue(TOKENS));
            } else {
                args.add(tame(data.consumeString(48)));
            }
        }
        return args;
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 1_000_000)
    void args(FuzzedDataProvider data) {
        String[] args = arguments(data).toArray(String[]::new);
        int code = FuzzChecks.timed(String.join(" ", args), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int c = Main.run(args, new PrintWriter(out), new PrintWriter(err));
            if (c < 0 || c > 2) {
                throw new AssertionError("exit " + c + " for " + List.of(args) + ":\n" + err);
            }
            return c;
        });
        if (code < 0 || code > 2) {
            throw new AssertionError("exit " + code);
        }
    }
}

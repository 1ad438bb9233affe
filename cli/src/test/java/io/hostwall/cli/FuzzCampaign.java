package io.hostwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import picocli.CommandLine;
import java.util.stream.Stream;

/**
 * High-volume fuzzing without instrumentation: mutations of real argument lists and real manifests, run in-JVM
 * through the same targets as the Jazzer tests ({@link CliArgsFuzzTest}, {@link PipelineFuzzTest}) and judged by
 * the same rules ({@link FuzzChecks}). Jazzer's coverage guidance finds the deep cases but runs a few dozen inputs a
 * second on this machine; this runs thousands, so a campaign of a million inputs per target fits in minutes.
 * Reproducible: the seed and the input number identify every input. A failing input is saved where the Jazzer
 * test replays it in every build ({@code src/test/resources/io/hostwall/cli/<Target>Inputs/...}).
 */
final class FuzzCampaign {
    /** Values that have broken parsers before: quotes, control characters, separators, huge and odd numbers. */
    static final List<String> NASTY = List.of("", " ", "\"", "'", "a\"b", "\\", "\u0000", "\n", "\t", "\r\n", ",", "=",
            "-", "--", ":", "*", ".", "..", "../..", "@", "#", "{", "}", "[", "]", "&a", "*a", "!!binary", "<<", "|",
            ">", "%", "~", "null", "true", "0", "-1", "65536", "4294967296", "1e309", "NaN", "0x", "0xffffffff",
            "::", "0.0.0.0/0", "::/0", "fd00::/129", "10.0.0.1/33", "é", "\u202e", "\ud800", "\uffff", "x".repeat(300),
            "a".repeat(70), "all()", "has(", "!", "&&", "||", "in {", "global()", "eth0", "cali", "node1", "*.*");

    record Result(long inputs, long refused, long crashes, long hangs, long peakHeapBytes, long millis) {}

    private final Random random;
    private long peak;

    FuzzCampaign(long seed) {
        this.random = new Random(seed);
    }

    // ---- the argument target ------------------------------------------------------------------------------------

    static final List<List<String>> ARG_SEEDS = argSeeds();

    private static List<List<String>> argSeeds() {
        Path ex = Path.of("..", "examples", "protect-hosts");
        String t1 = ex.resolve("01-pre-dnat-policies.yaml").toString();
        String t3 = ex.resolve("03-host-endpoint.yaml").toString();
        String t4 = ex.resolve("04-allow-nodeport.yaml").toString();
        return List.of(
                List.of("compile", "--backend", "nftables", "--node", "node1", t1, t3, t4),
                List.of("compile", "--backend", "iptables", "--node", "node1", "--ip-version", "6", "--document",
                        "ip6tables", "--table", "fw", "--counters", "--deny", "reject", t1, t3),
                List.of("compile", "--backend", "nftables", "--node", "node1", "--chain-prefix", "hw2",
                        "--mark-mask", "0xff000000", "--workload-prefix", "cali,tap", "--host-interface",
                        "eth0=10.240.0.11,fd00::11", t1, t3),
                List.of("explain", "--node", "node1", "--in", "eth0", "--src", "203.0.113.7", "--dst", "10.240.0.11",
                        "--proto", "tcp", "--dport", "22", "--sport", "40000", t1, t3, t4),
                List.of("explain", "--node", "node1", "--in", "eth0", "--out", "cali123", "--src", "2001:db8::7",
                        "--dst", "fd00::11", "--proto", "icmpv6", "--icmp-type", "128", "--icmp-code", "0",
                        "--dnat", "[fd00::11]:80", "--established", "--json", t1, t3),
                List.of("lint", "--node", "node1", t1, t3, t4),
                List.of("lint", "--all-nodes", "--allow-empty-node", t1, t3),
                List.of("--help"), List.of("compile", "--help"), List.of("--version"), List.of("help", "explain"));
    }

    /** A real argument list with one to four mutations. */
    List<String> mutateArgs() {
        List<String> a = new ArrayList<>(ARG_SEEDS.get(random.nextInt(ARG_SEEDS.size())));
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = a.isEmpty() ? 0 : random.nextInt(a.size());
            switch (random.nextInt(9)) {
                case 0 -> { if (!a.isEmpty()) a.remove(at); }
                case 1 -> { if (!a.isEmpty()) a.add(at, a.get(random.nextInt(a.size()))); }
                case 2 -> { if (a.size() > 1) java.util.Collections.swap(a, at, random.nextInt(a.size())); }
                case 3 -> a.add(at, pick(ARG_SEEDS.get(random.nextInt(ARG_SEEDS.size()))));
                case 4 -> { if (!a.isEmpty()) a.set(at, pick(NASTY)); }
                case 5 -> { if (!a.isEmpty()) a.set(at, mutateString(a.get(at))); }
                case 6 -> { if (!a.isEmpty() && a.get(at).startsWith("--") && at + 1 < a.size()) {
                        a.set(at, a.get(at) + "=" + a.remove(at + 1)); } }
                case 7 -> a.add(at, "--" + pick(NASTY));
                default -> { if (!a.isEmpty()) a.set(at, a.get(at) + pick(NASTY)); }
            }
        }
        List<String> out = new ArrayList<>(a.size());
        a.forEach(s -> out.add(CliArgsFuzzTest.tame(s)));
        return out;
    }

    Result args(long inputs, Path crashes) {
        long start = System.currentTimeMillis();
        long refused = 0;
        long failures = 0;
        long hangs = 0;
        for (long i = 0; i < inputs; i++) {
            List<String> args = mutateArgs();
            String[] argv = args.toArray(String[]::new);
            try {
                int code = FuzzChecks.timed(String.join(" ", args), () -> Main.run(argv, new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter())));
                if (code == 2) {
                    refused++;
                }
                if (code < 0 || code > 2) {
                    failures++;
                    save(crashes, "exit-" + code, String.join("\u0000", args));
                }
            } catch (AssertionError e) {
                hangs++;
                save(crashes, "hang", String.join("\u0000", args));
            } catch (RuntimeException e) {
                failures++;
                save(crashes, "exception", String.join("\u0000", args) + "\n" + e);
            }
            sample(i);
        }
        return new Result(inputs, refused, failures, hangs, peak, System.currentTimeMillis() - start);
    }

    // ---- the pipeline target ------------------------------------------------------------------------------------

    static final List<String> MANIFEST_SEEDS = manifestSeeds();

    private static List<String> manifestSeeds() {
        Path dir = Path.of("src", "test", "resources", "io", "hostwall", "cli", "PipelineFuzzTestInputs", "pipeline");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real manifest with one to six line, token or byte mutations (sometimes spliced with another). */
    String mutateManifest() {
        List<String> lines = new ArrayList<>(MANIFEST_SEEDS.get(random.nextInt(MANIFEST_SEEDS.size())).lines().toList());
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n && !lines.isEmpty(); i++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(8)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.add(at, pick(pick(MANIFEST_SEEDS).lines().toList()));
                case 3 -> { // replace a value after ':' with a nasty one, quoted or not
                    int colon = line.indexOf(": ");
                    if (colon > 0) {
                        String v = pick(NASTY);
                        lines.set(at, line.substring(0, colon + 2) + (random.nextBoolean() ? v : "\"" + v + "\""));
                    }
                }
                case 4 -> lines.set(at, mutateString(line));
                case 5 -> lines.set(at, line.replaceFirst("[a-z0-9]+", java.util.regex.Matcher.quoteReplacement(pick(NASTY))));
                case 6 -> lines.add(at, "---");
                default -> lines.set(at, " ".repeat(random.nextInt(4)) + line);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    Result pipeline(long inputs, Path crashes) {
        long start = System.currentTimeMillis();
        long refused = 0;
        long failures = 0;
        long hangs = 0;
        for (long i = 0; i < inputs; i++) {
            byte[] bytes = mutateManifest().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(20) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                if (FuzzChecks.timed(bytes.length + " bytes", () -> PipelineFuzzTest.run(bytes)).isEmpty()) {
                    refused++;
                }
            } catch (AssertionError e) {
                if (String.valueOf(e.getMessage()).startsWith("hang")) {
                    hangs++;
                } else {
                    failures++;
                }
                saveBytes(crashes, e.getMessage().startsWith("hang") ? "hang" : "assertion", bytes);
            } catch (RuntimeException | StackOverflowError e) {
                failures++;
                saveBytes(crashes, "exception-" + e.getClass().getSimpleName(), bytes);
            }
            sample(i);
        }
        return new Result(inputs, refused, failures, hangs, peak, System.currentTimeMillis() - start);
    }

    /**
     * The argument parser alone, a million inputs at a time: picocli's parse of the whole command tree (options,
     * arity, types, groups, the mixins) for a mutated argument list, on one reused {@link CommandLine}. An input may
     * parse or be refused with picocli's {@link CommandLine.ParameterException} (which {@link Main#run} turns into
     * one line and exit 2); anything else thrown is a crash. Execution (loading, compiling) is the {@link #args}
     * and {@link #pipeline} targets' part.
     */
    Result parse(long inputs, Path crashes) {
        long start = System.currentTimeMillis();
        long refused = 0;
        long failures = 0;
        long hangs = 0;
        CommandLine cmd = Main.commandLine();
        for (long i = 0; i < inputs; i++) {
            List<String> args = mutateArgs();
            String[] argv = args.toArray(String[]::new);
            try {
                boolean ok = FuzzChecks.timed(String.join(" ", args), () -> {
                    try {
                        cmd.parseArgs(argv);
                        return true;
                    } catch (CommandLine.ParameterException e) {
                        return false;
                    }
                });
                if (!ok) {
                    refused++;
                }
            } catch (AssertionError e) {
                hangs++;
                save(crashes, "hang", String.join("\u0000", args));
            } catch (RuntimeException e) {
                failures++;
                save(crashes, "exception", String.join("\u0000", args) + "\n" + e);
            }
            sample(i);
        }
        return new Result(inputs, refused, failures, hangs, peak, System.currentTimeMillis() - start);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String mutateString(String s) {
        StringBuilder b = new StringBuilder(s);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> b.insert(at, pick(NASTY));
                case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
                case 2 -> { if (at < b.length()) b.setCharAt(at, (char) random.nextInt(0x80)); }
                default -> b.insert(at, (char) random.nextInt(0x3000));
            }
        }
        return b.toString();
    }

    private <T> T pick(List<T> l) {
        return l.get(random.nextInt(l.size()));
    }

    private void sample(long i) {
        if ((i & 1023) == 0) {
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    used += pool.getPeakUsage().getUsed();
                }
            }
            peak = Math.max(peak, used);
        }
    }

    private static void save(Path dir, String kind, String text) {
        saveBytes(dir, kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void saveBytes(Path dir, String kind, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(kind + "-" + com.google.common.hash.Hashing.sha256().hashBytes(bytes)
                    .toString().substring(0, 16)), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

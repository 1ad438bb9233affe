package io.hostwall.benchmarks;

import io.hostwall.compiler.agent.ApplyReport;
import io.hostwall.compiler.agent.NodeAgent;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.FakeDataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.iptables.IptablesDataplane;
import io.hostwall.nftables.NftDataplane;
import io.hostwall.spi.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 9's measurement through the real kernel: for each backend, a scratch network namespace, a warm
 * {@link NodeAgent} on the real dataplane run there ({@code ip netns exec}), and each change of {@link LiveChanges}
 * applied forward (measured) and back, several times; prints one markdown table. Needs root, {@code nft},
 * {@code iptables-nft-restore}, {@code ipset}; the namespace is deleted at the end.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hostwall.benchmarks.LiveUpdateKernelRun [--reps N] [--backend B]
 *      [--fake] [--dump FILE] [--kind KIND] [--resync-before] [--current-namespace]
 * </pre>
 *
 * {@code --current-namespace} runs the tools in the namespace the JVM was started in, as a node agent does (it runs
 * in the host's namespace), instead of {@code ip netns exec} around every tool, which adds a process and a
 * namespace switch (4-8 ms) to every transaction. Start it in a scratch namespace: {@code ip netns add hwbench;
 * ip netns exec hwbench java ... --current-namespace; ip netns del hwbench}. It refuses to run outside a namespace
 * made by {@code ip netns add} (so never on the host's firewall).
 *
 * {@code --resync-before} lets the agent read the kernel (a resync, untimed) before each change, as it does every
 * resync interval: the nft dataplane learns its rules' handles from that read and edits long chains in place.
 *
 * {@code --dump FILE} also writes each backend's full transaction to {@code FILE.<backend>}.
 *
 * {@code --fake} runs the same steps on {@link FakeDataplane#imitating} the real dataplane (no root, no kernel):
 * the JVM part only, for profiling.
 */
public final class LiveUpdateKernelRun {
    private LiveUpdateKernelRun() {}

    /**
     * Runs the measurement.
     *
     * @param args {@code [--reps N] [--backend nftables|iptables] [--fake] [--resync-before] [--current-namespace]}
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        int reps = 7;
        boolean fake = false;
        boolean resyncBefore = false;
        boolean currentNamespace = false;
        java.nio.file.Path dump = null;
        List<LiveChanges.Kind> kinds = List.of(LiveChanges.Kind.values());
        List<String> backends = new ArrayList<>(List.of("nftables", "iptables"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--fake" -> fake = true;
                case "--backend" -> backends = List.of(args[++i]);
                case "--dump" -> dump = java.nio.file.Path.of(args[++i]);
                case "--kind" -> kinds = List.of(LiveChanges.Kind.valueOf(args[++i]));
                case "--resync-before" -> resyncBefore = true;
                case "--current-namespace" -> currentNamespace = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        LiveChanges changes = new LiveChanges(5000, Clusters.NODES);
        List<String> rows = new ArrayList<>();
        for (String backend : backends) {
            rows.addAll(run(backend, changes, kinds, reps, fake, dump, resyncBefore, currentNamespace));
        }
        System.out.println();
        System.out.println("| backend | change | delta bytes | % of full bytes | sync ms (recompile + desired + "
                + "delta + apply) | of which apply ms | full-reload ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static List<String> run(String backend, LiveChanges changes, List<LiveChanges.Kind> kinds, int reps,
            boolean fake,
            java.nio.file.Path dump, boolean resyncBefore, boolean currentNamespace) throws Exception {
        String ns = "hwlivebench-" + ProcessHandle.current().pid();
        ToolRunner system = ToolRunner.system();
        if (currentNamespace) {
            ToolRunner.Result named = system.run(
                    List.of("ip", "netns", "identify", String.valueOf(ProcessHandle.current().pid())), "");
            if (!named.ok() || named.stdout().isBlank()) {
                throw new IllegalStateException("--current-namespace: this JVM does not run in a named scratch"
                        + " namespace (ip netns identify says none); start it with ip netns exec");
            }
        }
        boolean ownNamespace = !fake && !currentNamespace;
        if (ownNamespace) {
            check(system.run(List.of("ip", "netns", "add", ns), ""), "ip netns add " + ns);
        }
        try {
            ToolRunner inNs = currentNamespace ? system : (command, stdin) -> {
                List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
                c.addAll(command);
                return system.run(c, stdin);
            };
            Dataplane real = backend.equals("nftables") ? new NftDataplane(RenderOptions.defaults(), inNs)
                    : new IptablesDataplane(RenderOptions.defaults(), inNs);
            Dataplane dataplane = fake ? FakeDataplane.imitating(real) : real;
            NodeAgent agent = NodeAgent.builder().node(Clusters.NODE).dataplane(dataplane)
                    .minInterval(Duration.ofHours(1)).resyncInterval(Duration.ZERO).build();
            try {
                ApplyReport start = agent.start(changes.resources);
                log(backend + " start: " + start.summary());
                DesiredState full = agent.snapshot().written();
                String fullText = real.transaction(Delta.replaceAll(full));
                long fullBytes = fullText.getBytes(StandardCharsets.UTF_8).length;
                if (dump != null) {
                    java.nio.file.Files.writeString(dump.resolveSibling(dump.getFileName() + "." + backend), fullText);
                }
                long[] reload = new long[Math.max(3, reps / 2)];
                for (int i = 0; i < reload.length; i++) {
                    long t0 = System.nanoTime();
                    ApplyResult r = dataplane.apply(Delta.replaceAll(full));
                    reload[i] = System.nanoTime() - t0;
                    log(backend + " full reload " + i + ": " + r.bytes() + " bytes, " + ms(reload[i]) + " ms");
                }
                List<String> rows = new ArrayList<>();
                for (LiveChanges.Kind kind : kinds) {
                    long[] sync = new long[reps];
                    long[] apply = new long[reps];
                    long bytes = 0;
                    for (int i = 0; i < reps; i++) {
                        if (resyncBefore) {
                            agent.resyncNow(); // what the agent does every resyncInterval: nft learns rule handles
                        }
                        changes.forward(kind, agent);
                        long t0 = System.nanoTime();
                        ApplyReport r = agent.syncNow();
                        sync[i] = System.nanoTime() - t0;
                        apply[i] = r.applyTime().toNanos();
                        bytes = r.bytes();
                        if (r.failed()) {
                            throw new IllegalStateException(kind + ": " + r.summary());
                        }
                        log(backend + " " + kind + " " + i + ": " + r.summary() + "; sync " + ms(sync[i]) + " ms");
                        if (resyncBefore) {
                            agent.resyncNow();
                        }
                        changes.backward(kind, agent);
                        ApplyReport back = agent.syncNow();
                        if (back.failed()) {
                            throw new IllegalStateException(kind + " (back): " + back.summary());
                        }
                    }
                    rows.add(String.format(Locale.ROOT, "| %s | %s | %,d | %.3f %% | %s | %s | %s |", backend,
                            kind.title, bytes, 100.0 * bytes / fullBytes, ms(median(sync)), ms(median(apply)),
                            ms(median(reload))));
                }
                rows.add(String.format(Locale.ROOT, "| %s | (full ruleset) | %,d | 100 %% | | | %s |", backend,
                        fullBytes, ms(median(reload))));
                return rows;
            } finally {
                agent.close(true);
            }
        } finally {
            if (ownNamespace) {
                check(system.run(List.of("ip", "netns", "del", ns), ""), "ip netns del " + ns);
            }
        }
    }

    /** The median of the later half of the samples (the earlier ones warm the JIT and the kernel's caches). */
    private static long median(long[] samples) {
        long[] later = Arrays.copyOfRange(samples, samples.length / 3, samples.length);
        Arrays.sort(later);
        return later[later.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void log(String line) {
        System.err.println(line);
    }

    private static void check(ToolRunner.Result r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException(what + " failed: " + r.stderr());
        }
    }
}

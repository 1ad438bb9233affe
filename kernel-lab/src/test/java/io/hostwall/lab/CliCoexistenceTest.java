package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coexistence through the command line, with the real binary ({@code cli/src/main/sh/hostwall} and
 * {@code cli/target/hostwall.jar}) run in a fresh namespace under {@code ip netns exec}: a kube-proxy-like
 * {@code ip} nft table, a firewalld-like {@code inet} nft table and Docker-like iptables chains (DOCKER,
 * DOCKER-USER and the jumps to them from FORWARD) are there before {@code hostwall apply}, and are byte-identical
 * after apply, a second apply, {@code hostwall watch} (start, one manifest edit, SIGTERM) and {@code hostwall
 * remove}; after remove nothing of hostwall's is left.
 */
class CliCoexistenceTest {
    private static final String DOCKER_V4 = "172.17.0.2/32";

    @ParameterizedTest
    @EnumSource(KernelBackend.class)
    void otherProgramsRulesAreByteIdenticalAfterApplyWatchAndRemove(KernelBackend backend, @TempDir Path tmp)
            throws Exception {
        KernelPreconditions.require();
        Path jar = repository().resolve("cli/target/hostwall.jar");
        if (!Files.isReadable(jar)) {
            String why = jar + " not built (it is made in the package phase: mvn -pl kernel-lab -am verify)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        try (DataplaneNamespaces spaces = new DataplaneNamespaces()) {
            Namespace ns = spaces.create("cli" + backend.toString().charAt(0));
            ns.pipe(NftDataplaneCoexistenceAndDriftTest.KUBE_PROXY, "nft", "-f", "-").orThrow();
            ns.pipe(NftDataplaneCoexistenceAndDriftTest.FIREWALLD, "nft", "-f", "-").orThrow();
            docker(ns);
            String before = foreign(ns);
            assertTrue(before.contains("-A DOCKER-USER -s " + DOCKER_V4 + " -j DROP"), before);

            AgentWorld world = AgentWorld.initial();
            Path dir = Files.createDirectories(tmp.resolve("manifests"));
            write(dir, world.documents());
            List<String> common = List.of("--backend", backend.toString(), "--node", "node1", "--state-dir",
                    tmp.resolve("state").toString(), "--host-interface", "eth0=10.240.0.11,fd00:240::11");
            List<String> transcript = new ArrayList<>();

            Cmd.Result apply = hostwall(ns, jar, "apply", common, dir.toString()).orThrow();
            transcript.add("$ hostwall apply ...\n" + apply.out() + apply.err());
            assertTrue(hostwallRules(ns), "apply wrote hostwall's rules");
            assertEquals(before, foreign(ns), "after apply");
            Cmd.Result again = hostwall(ns, jar, "apply", common, dir.toString()).orThrow();
            transcript.add("$ hostwall apply ... (again)\n" + again.out() + again.err());
            assertTrue(again.out().startsWith("nothing to write"), again.describe());

            List<String> watch = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
            watch.addAll(launcher(jar));
            watch.add("watch");
            watch.addAll(common);
            watch.add(dir.toString());
            Process p = new ProcessBuilder(watch).redirectErrorStream(true).start();
            BlockingQueue<String> log = lines(p);
            try {
                transcript.add("$ hostwall watch ...");
                String watching = until(log, "watching ", transcript);
                assertTrue(watching.contains("for node node1"), watching);
                Map<String, String> edited = new java.util.TreeMap<>(world.documents());
                edited.put("web", edited.get("web").replace("[80, 443]", "[80, 443, 8080]"));
                write(dir, edited);
                until(log, "delta applied", transcript);
                assertEquals(before, foreign(ns), "while watch runs");
                // SIGTERM to the JVM (ip netns exec, env and the launcher all exec), with kill: Process.destroy()
                // would also close the pipe before the last log lines are read.
                Cmd.run("kill", "-TERM", Long.toString(p.pid())).orThrow();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "watch stops on SIGTERM");
                until(log, "stopped; the rules stay in force", transcript);
                assertEquals(0, p.exitValue(), "watch's exit code after SIGTERM");
            } finally {
                p.destroyForcibly();
            }
            assertTrue(hostwallRules(ns), "watch left its rules in force");
            assertEquals(before, foreign(ns), "after watch");

            Cmd.Result remove = hostwall(ns, jar, "remove", common.subList(0, 2), "--state-dir",
                    tmp.resolve("state").toString()).orThrow();
            transcript.add("$ hostwall remove ...\n" + remove.out() + remove.err());
            assertFalse(hostwallRules(ns), "remove removed hostwall's rules");
            assertEquals(before, foreign(ns), "after remove");
            assertEquals(List.of(), Files.list(tmp.resolve("state")).toList(), "remove deleted the state file");
            System.out.printf("[cli-coexistence] %s:%n%s%n", backend, String.join("\n", transcript).strip()
                    .replaceAll("(?m)^", "  "));
        }
    }

    /** The root of the source tree: kernel-lab/target/test-classes is three levels down. */
    private static Path repository() throws URISyntaxException {
        return Path.of(CliCoexistenceTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().getParent();
    }

    /** The launcher script, told where the jar is. */
    private static List<String> launcher(Path jar) throws URISyntaxException {
        return List.of("env", "HOSTWALL_JAR=" + jar, "sh", repository().resolve("cli/src/main/sh/hostwall")
                .toString());
    }

    private static Cmd.Result hostwall(Namespace ns, Path jar, String command, List<String> flags, String... more)
            throws URISyntaxException {
        List<String> cmd = new ArrayList<>(launcher(jar));
        cmd.add(command);
        cmd.addAll(flags);
        cmd.addAll(List.of(more));
        return ns.exec(cmd.toArray(String[]::new));
    }

    /** The manifests, one file per document; files of documents that are gone are deleted. */
    private static void write(Path dir, Map<String, String> documents) throws IOException {
        for (Map.Entry<String, String> d : documents.entrySet()) {
            // Written aside and moved in, as an editor or a config-management tool would.
            Path tmp = dir.resolve("." + d.getKey() + ".tmp");
            Files.writeString(tmp, d.getValue(), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(d.getKey() + ".yaml"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Docker's filter chains (the part hostwall's iptables hooks share a table and FORWARD with). */
    private static void docker(Namespace ns) {
        for (String[] rule : List.of(new String[] {"-N", "DOCKER"}, new String[] {"-N", "DOCKER-USER"},
                new String[] {"-A", "DOCKER-USER", "-s", DOCKER_V4, "-j", "DROP"},
                new String[] {"-A", "DOCKER-USER", "-j", "RETURN"},
                new String[] {"-A", "DOCKER", "-d", DOCKER_V4, "!", "-i", "docker0", "-o", "docker0", "-p", "tcp",
                    "--dport", "80", "-j", "ACCEPT"},
                new String[] {"-A", "FORWARD", "-j", "DOCKER-USER"},
                new String[] {"-A", "FORWARD", "-o", "docker0", "-j", "DOCKER"})) {
            List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
            cmd.addAll(List.of(rule));
            ns.ok(cmd.toArray(String[]::new));
        }
    }

    /**
     * The other programs' state, byte for byte: both nft tables with their handles, and iptables-save's filter
     * table minus hostwall's own lines (its hook rules carry its comment, its chains its prefix). No packet crosses
     * the namespace, so the counters stay 0.
     */
    private static String foreign(Namespace ns) {
        StringBuilder b = new StringBuilder();
        b.append(ns.ok("nft", "-a", "list", "table", "ip", "kube-proxy"));
        b.append(ns.ok("nft", "-a", "list", "table", "inet", "firewalld"));
        for (String line : ns.ok("iptables-save", "-t", "filter").split("\n")) {
            if (!line.startsWith("#") && !line.contains("hostwall") && !line.startsWith(":hw-")
                    && !line.startsWith("-A hw-")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** Whether anything of hostwall's is in the namespace: its nft table, its iptables chains or hooks, ipsets. */
    private static boolean hostwallRules(Namespace ns) {
        String all = ns.ok("nft", "list", "ruleset") + ns.ok("ipset", "list", "-n");
        return all.contains("hostwall") || all.contains("hw-") || all.contains("hw4") || all.contains("hw6");
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    q.add(line);
                }
            } catch (IOException e) {
                q.add("<unreadable: " + e + ">");
            }
        }, "hostwall-watch-log");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** Waits (60 s at most) for a line containing {@code text}; every line read goes to the transcript. */
    private static String until(BlockingQueue<String> log, String text, List<String> transcript)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = log.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                transcript.add(line);
                if (line.contains(text)) {
                    return line;
                }
            }
        }
        throw new AssertionError("hostwall watch never said \"" + text + "\"; it said:\n" + String.join("\n",
                transcript));
    }
}

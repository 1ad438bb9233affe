package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.FakeDataplane;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} against an in-memory kernel imitating nftables: it applies the directory, applies an edit as a delta,
 * keeps the last good ruleset when a manifest becomes invalid (with the located error in its log), and on the stop
 * signal exits 0, leaving the rules or, with {@code --remove-on-exit}, removing them.
 */
class WatchCommandTest {
    final AtomicReference<FakeDataplane> kernel = new AtomicReference<>();
    final AtomicReference<Runnable> stop = new AtomicReference<>();
    Dataplanes.Factory savedFactory;
    java.util.function.Consumer<Runnable> savedSignals;

    @TempDir
    Path tmp;
    Path manifests;
    Path stateDir;

    @BeforeEach
    void fakes() throws IOException {
        savedFactory = Dataplanes.factory;
        savedSignals = WatchCommand.stopSignals;
        Dataplanes.factory = (backend, options) -> Optional.of(kernel.updateAndGet(k -> k != null ? k
                : FakeDataplane.imitating(backend.dataplane(options, (c, in) -> {
                    throw new DataplaneException("a test must not run " + c);
                }).orElseThrow())));
        WatchCommand.stopSignals = stop::set;
        manifests = Files.createDirectories(tmp.resolve("manifests"));
        try (Stream<Path> s = Files.list(ApplyCommandTest.EXAMPLES)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, manifests.resolve(p.getFileName()));
            }
        }
        stateDir = tmp.resolve("state");
    }

    @AfterEach
    void restore() {
        Dataplanes.factory = savedFactory;
        WatchCommand.stopSignals = savedSignals;
    }

    /** A running {@code hostwall watch}. */
    final class Watch {
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Watch(String... extra) {
            List<String> args = new ArrayList<>(List.of("watch", "--backend", "nftables", "--node", "node1",
                    "--min-interval", "50ms", "--resync-interval", "0", "--state-dir", stateDir.toString()));
            args.addAll(List.of(extra));
            args.add(manifests.toString());
            thread = new Thread(() -> code.set(Main.run(args.toArray(String[]::new),
                    new PrintWriter(new StringWriter()), new PrintWriter(err))));
            thread.start();
            await(() -> err.toString().contains(" watching " + manifests), "the watch to start");
        }

        String log() {
            return err.toString();
        }

        int stop() throws InterruptedException {
            stop.get().run();
            thread.join(30_000);
            assertFalse(thread.isAlive(), "still running after the stop signal:\n" + log());
            return code.get();
        }
    }

    /** Waits for a condition the watch's thread brings about (a bound, not a timing assertion). */
    static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void anInvalidManifestKeepsTheLastGoodRulesetAndAFixIsAppliedAsADelta() throws Exception {
        Watch w = new Watch();
        FakeDataplane k = kernel.get();
        assertEquals(1, k.applies());
        assertTrue(w.log().matches("(?s)\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z start applied: .*"), w.log());
        assertEquals(1, w.log().split(" start applied: ", -1).length - 1, "the start is logged once: " + w.log());
        String good = k.dump();

        Path bad = manifests.resolve("05-bad.yaml");
        Files.writeString(bad, "kind: HostEndpoint\nmetadata: {name: x}\nspec: {node: [1]}\n");
        await(() -> w.log().contains("reload failed"), "the failed reload");
        await(() -> w.log().contains("05-bad.yaml:3"), "the located error");
        assertTrue(w.log().contains("the last good ruleset stays in force"), w.log());
        assertEquals(1, k.applies(), w.log());
        assertEquals(good, k.dump());

        Files.delete(bad);
        Path policies = manifests.resolve("01-pre-dnat-policies.yaml");
        Files.writeString(policies, Files.readString(policies).replace("192.168.0.0/16", "192.168.0.0/17"));
        await(() -> k.applies() == 2, "the edit's apply");
        assertFalse(k.lastApplied().isReplaceAll(), "an edit is a delta");
        assertNotEquals(good, k.dump());
        await(() -> w.log().contains(" delta applied: "), "the delta's log line");

        assertEquals(0, w.stop());
        assertTrue(k.read().present(), "the rules stay after a stop");
        assertTrue(w.log().contains("stopped; the rules stay in force"), w.log());
        try (Stream<Path> s = Files.list(stateDir)) {
            assertEquals(1, s.count(), "the state file for the next apply");
        }
        // The next apply starts from what the watch left: nothing to write.
        kernel.set(k);
        List<String> apply = new ArrayList<>(List.of("apply", "--backend", "nftables", "--node", "node1",
                "--state-dir", stateDir.toString(), manifests.toString()));
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(apply.toArray(String[]::new), new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().startsWith("nothing to write"), out.toString());
    }

    @Test
    void removeOnExitRemovesTheRulesAndTheStateFile() throws Exception {
        Watch w = new Watch("--remove-on-exit");
        FakeDataplane k = kernel.get();
        assertTrue(k.read().present());
        assertEquals(0, w.stop());
        assertFalse(k.read().present(), k.dump());
        assertTrue(w.log().contains("stopped; removed hostwall's rules"), w.log());
        assertFalse(Files.exists(stateDir) && Files.list(stateDir).findAny().isPresent());
    }

    @Test
    void invalidManifestsAtStartAreBadInputAndTouchNothing() throws IOException {
        Files.writeString(manifests.resolve("05-bad.yaml"), "kind: HostEndpoint\nmetadata: {name: x}\nspec: {node: [1]}\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"watch", "--backend", "nftables", "--node", "node1", "--state-dir",
                stateDir.toString(), manifests.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCode.BAD_INPUT.code(), code, err.toString());
        assertTrue(err.toString().contains("05-bad.yaml:3"), err.toString());
        assertTrue(kernel.get() == null || kernel.get().applies() == 0);
    }
}

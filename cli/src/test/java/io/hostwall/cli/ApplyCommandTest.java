package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.DataplaneSnapshot;
import io.hostwall.dataplane.FakeDataplane;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObjectKind;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code apply} and {@code remove} against an in-memory kernel that imitates each real backend (its objects and
 * transaction text are the real dataplane's; nothing touches this machine's firewall): idempotence, deltas, repair,
 * the state file, dry runs and option errors.
 */
class ApplyCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");

    /** One fake kernel per backend, as the commands see them through {@link Dataplanes#factory}. */
    final Map<String, FakeDataplane> kernels = new HashMap<>();
    Dataplanes.Factory saved;

    @TempDir
    Path tmp;
    Path manifests;
    Path stateDir;

    record Run(int code, String out, String err) {}

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void fakeKernels() throws IOException {
        saved = Dataplanes.factory;
        Dataplanes.factory = (backend, options) -> Optional.of(kernels.computeIfAbsent(backend.name() + "/"
                + options.tableName(), k -> FakeDataplane.imitating(backend.dataplane(options, (c, in) -> {
                    throw new DataplaneException("a test must not run " + c);
                }).orElseThrow())));
        manifests = Files.createDirectories(tmp.resolve("manifests"));
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, manifests.resolve(p.getFileName()));
            }
        }
        stateDir = tmp.resolve("state");
    }

    @AfterEach
    void realKernels() {
        Dataplanes.factory = saved;
    }

    FakeDataplane kernel(String backend) {
        return kernels.get(backend + "/hostwall");
    }

    Run apply(String backend, String... extra) {
        List<String> args = new ArrayList<>(List.of("apply", "--backend", backend, "--node", "node1",
                "--state-dir", stateDir.toString()));
        args.addAll(List.of(extra));
        args.add(manifests.toString());
        return run(args);
    }

    /** A change of one policy: one of its source nets shrinks. */
    void edit() throws IOException {
        Path policies = manifests.resolve("01-pre-dnat-policies.yaml");
        String before = Files.readString(policies);
        assertTrue(before.contains("192.168.0.0/16"));
        Files.writeString(policies, before.replace("192.168.0.0/16", "192.168.0.0/17"));
    }

    Path stateFile(String backend) throws IOException {
        try (Stream<Path> s = Files.list(stateDir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().startsWith(backend + "-hostwall-netns-"))
                    .toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aSecondRunFindsNothingToWriteAndWritesNothing(String backend) throws IOException {
        Run first = apply(backend);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("applied node node1 (" + backend + ", table hostwall, full replace: no"
                + " state file): "), first.out());
        FakeDataplane k = kernel(backend);
        assertEquals(1, k.applies());
        String dump = k.dump();
        String state = Files.readString(stateFile(backend));
        long modified = Files.getLastModifiedTime(stateFile(backend)).toMillis();

        Run second = apply(backend);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().startsWith("nothing to write: the kernel holds node node1's ruleset"), second.out());
        assertEquals(1, k.applies(), "a second run wrote the kernel");
        assertEquals(dump, k.dump());
        assertEquals(state, Files.readString(stateFile(backend)));
        assertEquals(modified, Files.getLastModifiedTime(stateFile(backend)).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void anEditIsWrittenAsADeltaThatLeavesWhatAFreshApplyWould(String backend) throws IOException {
        assertEquals(0, apply(backend).code());
        FakeDataplane k = kernel(backend);
        long full = k.bytes();
        edit();

        Run edit = apply(backend);
        assertEquals(0, edit.code(), edit.err());
        assertTrue(edit.out().contains(", delta): "), edit.out());
        assertFalse(k.lastApplied().isReplaceAll());
        assertTrue(k.bytes() - full < full, "the delta wrote " + (k.bytes() - full) + " bytes, the full " + full);

        // The same manifests into an empty kernel (no state file): the same kernel contents.
        String afterDelta = k.dump();
        Files.delete(stateFile(backend));
        kernels.clear();
        assertEquals(0, apply(backend).code());
        assertEquals(afterDelta, kernel(backend).dump());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void flushedOrEditedRulesAreRepairedByAFullReplace(String backend) {
        assertEquals(0, apply(backend).code());
        FakeDataplane k = kernel(backend);
        String good = k.dump();
        ObjectId chain = k.read().objects().keySet().stream().filter(id -> id.kind() == ObjectKind.CHAIN)
                .filter(id -> k.read().objects().get(id).size() > 0).findFirst().orElseThrow();
        k.flushChain(chain);
        Run repaired = apply(backend);
        assertEquals(0, repaired.code(), repaired.err());
        assertTrue(repaired.out().contains("full replace: the kernel differs from the state file (0 missing,"
                + " 1 changed, 0 unexpected)"), repaired.out());
        assertEquals(good, k.dump());

        k.insertForeignRule(chain, "counter accept");
        assertTrue(apply(backend).out().contains("full replace: the kernel differs"));
        assertEquals(good, k.dump());

        k.deleteAll();
        assertTrue(apply(backend).out().contains("full replace: the kernel differs"));
        assertEquals(good, k.dump());
        assertTrue(apply(backend).out().startsWith("nothing to write"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aCorruptStateFileMeansAFullReplaceWithoutDuplicates(String backend) throws IOException {
        assertEquals(0, apply(backend).code());
        FakeDataplane k = kernel(backend);
        String good = k.dump();
        Path state = stateFile(backend);
        Files.writeString(state, "hostwall-dataplane-snapshot 1\nthis is not a snapshot line\n");
        Run r = apply(backend);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("full replace: state file " + state + ":2: "), r.out());
        assertEquals(good, k.dump(), "the replace duplicated or lost something");
        assertTrue(k.lastApplied().isReplaceAll());
        // ... and the file is good again.
        assertTrue(apply(backend).out().startsWith("nothing to write"));

        Files.write(state, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertTrue(apply(backend).out().contains("full replace: state file " + state));
        assertEquals(good, k.dump());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aDryRunPrintsTheTransactionAndWritesNothing(String backend) throws IOException {
        Run dry = apply(backend, "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        FakeDataplane k = kernel(backend);
        assertEquals(0, k.applies());
        assertFalse(Files.exists(stateDir) && Files.list(stateDir).findAny().isPresent(), "a state file was written");
        assertTrue(dry.err().startsWith("dry run: would write node node1 (" + backend
                + ", table hostwall, full replace: no state file): 1 steps, "), dry.err());
        // The text is what the real dataplane would give its tools for the full replace.
        assertTrue(dry.out().contains(backend.equals("nftables") ? "table inet hostwall" : "*filter"), dry.out());

        assertEquals(0, apply(backend).code());
        edit();
        String state = Files.readString(stateFile(backend));
        Run delta = apply(backend, "--dry-run");
        assertEquals(0, delta.code(), delta.err());
        assertTrue(delta.out().contains("192.168.0.0/17"), delta.out());
        assertFalse(delta.out().contains("table inet hostwall {"), "a delta, not the whole table: " + delta.out());
        assertEquals(1, k.applies());
        assertEquals(state, Files.readString(stateFile(backend)));
    }

    @Test
    void removeTakesOutWhatApplyAddedAndIsIdempotent() throws IOException {
        assertEquals(0, apply("nftables").code());
        Path state = stateFile("nftables");
        FakeDataplane k = kernel("nftables");
        Run removed = run(List.of("remove", "--backend", "nftables", "--state-dir", stateDir.toString()));
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().startsWith("removed hostwall's rules (nftables, table hostwall): "), removed.out());
        assertFalse(Files.exists(state));
        assertFalse(k.read().present());
        Run again = run(List.of("remove", "--backend", "nftables", "--state-dir", stateDir.toString()));
        assertEquals(0, again.code(), again.err());
        assertEquals("nothing to remove: no hostwall rules (nftables, table hostwall) in this network namespace\n",
                again.out());
    }

    @Test
    void theStateFileRoundTrips() throws IOException {
        assertEquals(0, apply("nftables").code());
        Path file = stateFile("nftables");
        StateFile state = new StateFile(file);
        DataplaneSnapshot read = state.read().snapshot().orElseThrow();
        assertEquals(read, DataplaneSnapshot.read(new StringReader(Files.readString(file, StandardCharsets.UTF_8))));
        assertFalse(read.fingerprints().isEmpty(), "apply learns the fingerprints of what it wrote");
        assertEquals(read.written().objects().keySet(), kernel("nftables").read().objects().keySet());
        assertFalse(state.write(read), "an unchanged snapshot is not written again");
        assertTrue(state.delete());
        assertEquals("no state file", state.read().why());
    }

    @Test
    void aRefusedWriteExitsFourAndKeepsTheStateFile() throws IOException {
        assertEquals(0, apply("nftables").code());
        String state = Files.readString(stateFile("nftables"));
        String good = kernel("nftables").dump();
        edit();
        kernel("nftables").failNextApplies(1);
        Run r = apply("nftables");
        assertEquals(ExitCode.DATAPLANE.code(), r.code(), r.err());
        assertTrue(r.err().startsWith("hostwall: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(good, kernel("nftables").dump());
        assertEquals(state, Files.readString(stateFile("nftables")));
        assertTrue(apply("nftables").out().contains(", delta): "));
    }

    @Test
    void optionsAreCheckedBeforeAnythingIsRead() {
        String m = manifests.toString();
        String s = stateDir.toString();
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("apply", "--backend", "nftables", m), "Missing required option: '--node=NAME'");
        cases.put(List.of("apply", "--backend", "pf", "--node", "node1", m), "--backend must be one of ");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "Node1", m), "--node: not a valid node name");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node9", "--state-dir", s, m),
                "--node \"node9\": no HostEndpoint names this node");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node1", "--table", "bad table", m), "--table: ");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node1", "--state-dir", "", m),
                "--state-dir: the directory name is empty");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node1", "--deny", "maybe", m), "--deny must be");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node1", "--host-interface", "eth0=x", m),
                "--host-interface eth0: not an IP address");
        cases.put(List.of("apply", "--backend", "nftables", "--node", "node1", "--state-dir", s,
                tmp.resolve("missing").toString()), "no such file or directory");
        cases.put(List.of("remove", "--backend", "nftables", "--table", ""), "--table: ");
        cases.put(List.of("remove"), "Missing required option: '--backend=nftables|iptables'");
        cases.put(List.of("watch", "--backend", "nftables", "--node", "node1", "--min-interval", "-5s", m),
                "not a duration such as 250ms, 90s or 5m: \"-5s\"");
        cases.put(List.of("watch", "--backend", "nftables", "--node", "node1", "--resync-interval", "25h", m),
                "must be between 0 and 24h");
        cases.put(List.of("watch", "--backend", "nftables", "--node", "node1", "--resync-interval", "soon", m),
                "not a duration such as 250ms, 90s or 5m: \"soon\"");
        cases.put(List.of("watch", "--backend", "nftables", "--node", "node1", "--state-dir", s,
                manifests.resolve("03-host-endpoint.yaml").toString()), "is not a directory");
        cases.put(List.of("watch", "--backend", "nftables", "--node", "node1", m, m), "Unmatched argument");
        cases.forEach((args, message) -> {
            Run r = run(args);
            assertEquals(ExitCode.BAD_INPUT.code(), r.code(), args + ": " + r.err());
            assertTrue(r.err().contains(message), args + ": " + r.err());
            assertFalse(r.err().contains("\tat "), "a stack trace: " + r.err());
        });
        assertTrue(kernels.values().stream().allMatch(k -> k.applies() == 0 && k.reads() == 0), "the kernel was touched");
        assertFalse(Files.exists(stateDir));
    }

    @Test
    void aBadManifestIsReportedWithItsLocationAndTheKernelIsNotTouched() throws IOException {
        Files.writeString(manifests.resolve("05-bad.yaml"), "kind: HostEndpoint\nmetadata: {name: x}\nspec: {node: [1]}\n");
        Run r = apply("nftables");
        assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r.err());
        assertTrue(r.err().contains("05-bad.yaml:3"), r.err());
        assertTrue(kernels.isEmpty() || kernel("nftables").applies() == 0);
    }

    @Test
    void theBackendsThatRenderOnlyAreRefused() {
        assertTrue(Backends.named("nftables").isPresent());
        Dataplanes.factory = (b, o) -> Optional.empty();
        Run r = apply("nftables");
        assertEquals(ExitCode.BAD_INPUT.code(), r.code());
        assertTrue(r.err().contains("--backend nftables cannot write the kernel"), r.err());
        assertEquals(RenderOptions.DEFAULT_TABLE, "hostwall");
    }
}

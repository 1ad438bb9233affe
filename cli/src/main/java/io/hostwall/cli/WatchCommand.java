package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.agent.NodeAgent;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hostwall watch}: a daemon that keeps a node's ruleset in the kernel while the manifests in a directory
 * change. A {@link NodeAgent} does the work (deltas, coalescing, periodic resync and repair, retries); this command
 * feeds it the directory, reloaded on every change, and logs what it does. A reload that fails (a manifest that does
 * not parse or a node that no longer compiles) is logged with its located errors and changes nothing: the last good
 * ruleset stays in force.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Keeps node NAME's ruleset, compiled from the manifests in DIR, in the kernel of the current"
                + " network namespace: reloads DIR when a file in it changes and writes the delta, and every"
                + " --resync-interval reads the kernel and repairs what someone changed.",
                "Logs one line per apply, resync or failure on stderr. Invalid manifests are reported with their file"
                        + " and line, and the last good ruleset stays in force.",
                "SIGTERM or SIGINT stops it with exit code 0, leaving the rules in place (--remove-on-exit removes"
                        + " them)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  hostwall watch --backend nftables --node node1 manifests/",
                "  # in network namespace ns1, repairing drift every 30 seconds:",
                "  ip netns exec ns1 hostwall watch --backend iptables --node node1 \\",
                "      --resync-interval 30s --remove-on-exit manifests/"})
final class WatchCommand implements java.util.concurrent.Callable<Integer> {
    /**
     * Arranges for the given action to run on SIGTERM and SIGINT. Tests replace it to stop a watch as a signal
     * would, without signals.
     */
    static volatile Consumer<Runnable> stopSignals = WatchCommand::onSignals;
    /** The clock of the log lines; tests may fix it. */
    static volatile Clock clock = Clock.systemUTC();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataplaneFlags target;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node whose ruleset to keep.")
    String node;

    @Mixin
    CompilerFlags flags;

    @Mixin
    EmptyNodeFlag emptyNode;

    @Option(names = "--min-interval", paramLabel = "DURATION", defaultValue = "100ms",
            converter = DurationConverter.class,
            description = "Changes that arrive within this time of each other are applied as one (default"
                    + " ${DEFAULT-VALUE}); e.g. 250ms, 2s.")
    Duration minInterval;

    @Option(names = "--resync-interval", paramLabel = "DURATION", defaultValue = "90s",
            converter = DurationConverter.class,
            description = "How often to read the kernel and repair drift (default ${DEFAULT-VALUE}); 0: never.")
    Duration resyncInterval;

    @Option(names = "--remove-on-exit", description = "Remove hostwall's rules when stopped (default: leave them).")
    boolean removeOnExit;

    @Parameters(paramLabel = "DIR", description = "The directory of manifests to watch (*.yaml, *.yml, *.json).")
    Path dir;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile WatchService watcher;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (dir.toString().isEmpty()) {
            throw new UserInputException("DIR: the directory name is empty");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("DIR: " + Quote.of(dir.toString()) + " is not a directory");
        }
        Dataplane dataplane = target.dataplane();
        StateFile state = target.stateFile();
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> hostFacts = flags.hostFacts(err);
        if (hostFacts.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        NodeFacts facts = hostFacts.get().of(node);
        Optional<PolicySet> first = Inputs.load(List.of(dir), err);
        if (first.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        NodeSelection.requireKnown(node, first.get(), emptyNode.allowEmptyNode);
        Hostwall checker = Hostwall.create(options);
        try {
            checker.compile(first.get(), node, facts);
        } catch (CompileException e) {
            return Inputs.compileFailed(e, err);
        }

        WatchLog log = new WatchLog(err, clock);
        StateFile.Loaded loaded = state.read();
        NodeAgent.Builder builder = NodeAgent.builder().node(node).facts(facts).options(options).dataplane(dataplane)
                .minInterval(minInterval).resyncInterval(resyncInterval);
        loaded.snapshot().ifPresent(builder::resumeFrom);
        watcher = FileSystems.getDefault().newWatchService();
        stopSignals.accept(this::stop);
        try (NodeAgent agent = builder.build()) {
            agent.onReport(r -> {
                log.report(r);
                if (!r.failed()) {
                    keep(state, agent, log);
                }
            });
            // Watched before the first apply: an edit made while it runs is not lost but reloaded right after.
            registerTree(dir);
            // The listener logs the start's report; "watching" is said once edits are seen (tests wait for it).
            agent.start(first.get().all());
            log.line("watching " + dir + " for node " + node + " (" + target.backend().name() + ", table "
                    + target.renderOptions().tableName() + ")");
            loop(agent, checker, facts, log);
            if (removeOnExit) {
                agent.close(true);
                state.delete();
                log.line("stopped; removed hostwall's rules");
            } else {
                agent.close(false);
                keep(state, agent, log);
                log.line("stopped; the rules stay in force");
            }
        } finally {
            watcher.close();
        }
        return ExitCode.OK.code();
    }

    /** Stops the watch: the loop ends, the agent is closed. Safe from any thread, more than once. */
    void stop() {
        if (stopping.compareAndSet(false, true)) {
            try {
                WatchService w = watcher;
                if (w != null) {
                    w.close();
                }
            } catch (IOException e) {
                // closing only wakes the loop; nothing to do
            }
        }
    }

    private void loop(NodeAgent agent, Hostwall checker, NodeFacts facts, WatchLog log) throws IOException {
        while (!stopping.get()) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                // An editor's save is several events (write, rename, delete); wait until they stop.
                do {
                    key.pollEvents();
                    key.reset();
                    key = watcher.poll(Math.max(minInterval.toMillis(), 20), TimeUnit.MILLISECONDS);
                } while (key != null && !stopping.get());
                registerTree(dir);
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reload(agent, checker, facts, log);
        }
    }

    /** Loads and checks DIR; hands it to the agent only if the node compiles, else logs why and keeps the last. */
    private void reload(NodeAgent agent, Hostwall checker, NodeFacts facts, WatchLog log) {
        PolicySet set;
        try {
            set = ManifestLoader.load(List.of(dir));
            NodeSelection.requireKnown(node, set, emptyNode.allowEmptyNode);
            checker.compile(set, node, facts);
        } catch (ManifestException e) {
            rejected(e.problems(), log);
            return;
        } catch (CompileException e) {
            rejected(e.problems(), log);
            return;
        } catch (UserInputException e) {
            log.line("reload failed: " + e.getMessage() + "; the last good ruleset stays in force");
            return;
        }
        agent.replaceAll(set.all());
    }

    private static void rejected(List<Problem> problems, WatchLog log) {
        log.line("reload failed: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "; the last good ruleset stays in force");
        for (Problem p : problems) {
            log.line("  " + p);
        }
    }

    /** Records the agent's snapshot in the state file, so a later apply or watch starts from it. */
    private static void keep(StateFile state, NodeAgent agent, WatchLog log) {
        try {
            state.write(agent.snapshot());
        } catch (UserInputException e) {
            log.line("warning: " + e.getMessage());
        }
    }

    /** Watches DIR and every directory below it (the loader reads them all); a new one is added at each reload. */
    private void registerTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
    }

    /** SIGTERM and SIGINT run {@code stop}, and the JVM does not exit by itself: the watch ends cleanly with 0. */
    private static void onSignals(Runnable stop) {
        sun.misc.SignalHandler handler = signal -> stop.run();
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    }
}

package io.hostwall.benchmarks;

import io.hostwall.compiler.agent.ApplyReport;
import io.hostwall.compiler.agent.NodeAgent;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.FakeDataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.iptables.IptablesDataplane;
import io.hostwall.nftables.NftDataplane;
import io.hostwall.spi.RenderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9, the JVM part: a warm {@link NodeAgent} for {@code node-1} of the 5,000-policy cluster ({@link
 * LiveChanges}) on {@link FakeDataplane#imitating} the real dataplane, so {@code desired()} and the transaction text
 * are the real ones and only the kernel is left out. Each invocation is one change of {@link #kind} and one
 * {@code syncNow()}: recompile, desired state, delta, transaction text (and the fake kernel's checks). The change is
 * undone before the next invocation, outside the measurement. The delta's bytes are printed at the end of each
 * trial with the full ruleset's bytes (a JMH counter would be reported per time unit, which misleads).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LiveUpdateBenchmark -p backend=nftables
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class LiveUpdateBenchmark {
    /** A {@link LiveChanges.Kind} name. */
    @Param({"RULE_EDITED", "POLICY_ADDED", "POLICY_DELETED", "SET_MEMBER_ADDED", "HOST_LABEL_CHANGED", "NO_OP"})
    public String kind;

    /** {@code nftables} or {@code iptables}. */
    @Param({"nftables", "iptables"})
    public String backend;

    private LiveChanges changes;
    private LiveChanges.Kind change;
    private NodeAgent agent;
    private Dataplane real;
    private boolean forward;
    private long lastBytes;

    /** Builds the cluster and starts the agent (its first write, a ReplaceAll, is not measured). */
    @Setup(Level.Trial)
    public void setUp() {
        changes = new LiveChanges(5000, Clusters.NODES);
        change = LiveChanges.Kind.valueOf(kind);
        ToolRunner none = (command, stdin) -> {
            throw new IllegalStateException("the benchmark runs no tool: " + command);
        };
        real = backend.equals("nftables") ? new NftDataplane(RenderOptions.defaults(), none)
                : new IptablesDataplane(RenderOptions.defaults(), none);
        agent = NodeAgent.builder().node(Clusters.NODE).dataplane(FakeDataplane.imitating(real))
                .minInterval(Duration.ofHours(1)).resyncInterval(Duration.ZERO).build();
        ApplyReport start = agent.start(changes.resources);
        if (start.failed()) {
            throw new IllegalStateException(start.summary());
        }
    }

    /** Undoes the previous invocation's change, outside the measurement. */
    @Setup(Level.Invocation)
    public void undo() {
        if (forward) {
            changes.backward(change, agent);
            agent.syncNow();
            forward = false;
        }
    }

    /**
     * One change and one sync.
     *
     * @return the agent's report
     */
    @Benchmark
    public ApplyReport changeAndSync() {
        changes.forward(change, agent);
        forward = true;
        ApplyReport r = agent.syncNow();
        lastBytes = r.bytes();
        return r;
    }

    /** Prints the delta's size against the full ruleset's and stops the agent. */
    @TearDown(Level.Trial)
    public void tearDown() {
        long full = real.transaction(Delta.replaceAll(agent.snapshot().written()))
                .getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "%n%s %s: delta %,d bytes of a full %,d (%.3f %%)%n", backend, change.title,
                lastBytes, full, 100.0 * lastBytes / full);
        agent.close();
    }
}

package io.hostwall.benchmarks;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.Hostwall;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.iptables.IptablesDataplane;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.PolicySet;
import io.hostwall.nftables.NftDataplane;
import io.hostwall.spi.RenderOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9, the dataplane's share of a warm sync, piece by piece: node-1 of {@link LiveChanges}' cluster is compiled
 * before and after one change of {@link #kind} (outside the measurement), and each invocation goes to the other
 * version, as a warm agent alternating between them would: {@code desired()} of the other ruleset (the render
 * memo reuses every unchanged chain), {@code Delta.between} the two states, and the transaction text of that delta.
 * The compile itself is {@link RecompileBenchmark}'s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SyncPartsBenchmark -p backend=nftables
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class SyncPartsBenchmark {
    /** A {@link LiveChanges.Kind} name. */
    @Param({"RULE_EDITED", "POLICY_ADDED"})
    public String kind;

    /** {@code nftables} or {@code iptables}. */
    @Param({"nftables"})
    public String backend;

    private Dataplane dataplane;
    private final Ruleset[] rulesets = new Ruleset[2];
    private final DesiredState[] states = new DesiredState[2];
    private final Delta[] deltas = new Delta[2];
    private int next;

    /**
     * Compiles both versions and renders each once.
     *
     * @throws CompileException never
     */
    @Setup
    public void setUp() throws CompileException {
        LiveChanges changes = new LiveChanges(5000, Clusters.NODES);
        Hostwall hostwall = Hostwall.create();
        rulesets[0] = hostwall.compile(PolicySet.of(changes.resources), Clusters.NODE).ruleset();
        rulesets[1] = hostwall.compile(PolicySet.of(changes.after(LiveChanges.Kind.valueOf(kind))), Clusters.NODE)
                .ruleset();
        ToolRunner none = (command, stdin) -> {
            throw new IllegalStateException("the benchmark runs no tool: " + command);
        };
        dataplane = backend.equals("nftables") ? new NftDataplane(RenderOptions.defaults(), none)
                : new IptablesDataplane(RenderOptions.defaults(), none);
        states[0] = dataplane.desired(rulesets[0]);
        states[1] = dataplane.desired(rulesets[1]);
        deltas[0] = Delta.between(states[1], states[0]);
        deltas[1] = Delta.between(states[0], states[1]);
    }

    /** {@return the desired state of the other version, the previous call's renderings at hand} */
    @Benchmark
    public DesiredState desired() {
        next ^= 1;
        return dataplane.desired(rulesets[next]);
    }

    /** {@return the delta from one version's state to the other's} */
    @Benchmark
    public Delta delta() {
        next ^= 1;
        return Delta.between(states[next ^ 1], states[next]);
    }

    /** {@return the transaction text of one version's delta} */
    @Benchmark
    public String transaction() {
        next ^= 1;
        return dataplane.transaction(deltas[next]);
    }
}

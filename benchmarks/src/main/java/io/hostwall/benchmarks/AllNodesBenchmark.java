package io.hostwall.benchmarks;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.PolicySet;
import java.util.Map;
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
 * {@code compileAll}: every node of the cluster, as {@code compile --all-nodes} does (without rendering). Single
 * shot: one compile of a thousand nodes is long enough to time on its own.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class AllNodesBenchmark {
    /** GlobalNetworkPolicies in the cluster. */
    @Param({"5000"})
    public int policies;

    /** Nodes in the cluster (two host endpoints each). */
    @Param({"1000"})
    public int nodes;

    PolicySet cluster;

    /** Builds the cluster. */
    @Setup
    public void setUp() {
        cluster = Clusters.of(policies, nodes);
    }

    /**
     * Compiles every node.
     *
     * @return node → compiled node
     * @throws CompileException never
     */
    @Benchmark
    public Map<String, CompiledNode> compileAllNodes() throws CompileException {
        return Hostwall.create().compileAll(cluster, Map.of());
    }
}

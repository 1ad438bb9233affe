package io.hostwall.benchmarks;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.PolicySet;
import io.hostwall.nftables.NftablesBackend;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling and rendering one node ({@code node-1}) of the generated cluster (1,000 nodes, 2,000 host endpoints,
 * 500 network sets) at several policy counts. Each compile uses a fresh {@link Hostwall}, so nothing from an earlier
 * compile is reused: this is the cost of a node whose agent starts from nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class CompileBenchmark {
    /** GlobalNetworkPolicies in the cluster. */
    @Param({"5000"})
    public int policies;

    /** Nodes in the cluster (two host endpoints each); {@code -p nodes=...} for the cost curve over cluster size. */
    @Param({"1000"})
    public int nodes;

    PolicySet cluster;
    CompiledNode compiled;
    Backend nft;
    Backend iptables;

    /**
     * Builds the cluster and one compiled node.
     *
     * @throws CompileException never: the generated cluster compiles
     */
    @Setup(Level.Trial)
    public void setUp() throws CompileException {
        cluster = Clusters.of(policies, nodes);
        compiled = Hostwall.create().compile(cluster, Clusters.NODE);
        nft = Backends.named("nftables").orElseThrow();
        iptables = Backends.named("iptables").orElseThrow();
    }

    /**
     * Compiles node-1 from the in-memory cluster.
     *
     * @return the compiled node
     * @throws CompileException never
     */
    @Benchmark
    public CompiledNode compileOneNode() throws CompileException {
        return Hostwall.create().compile(cluster, Clusters.NODE);
    }

    /**
     * Renders node-1's ruleset as one nft script.
     *
     * @return the documents
     */
    @Benchmark
    public RenderedRuleset renderNft() {
        return compiled.render(nft, RenderOptions.defaults());
    }

    /**
     * Renders node-1's ruleset as one nft script with a new backend each time. {@link #renderNft} reuses one
     * backend, whose cache of chain and set text (kept by IR identity for the nodes of one cluster) then holds all
     * of node-1 after the first call; this is the cost of a node none of whose chains was written before.
     *
     * @return the script
     */
    @Benchmark
    public String renderNftCold() {
        return new NftablesBackend().script(compiled.ruleset(), RenderOptions.defaults());
    }

    /**
     * Renders node-1's ruleset as ipset + iptables-restore + ip6tables-restore documents.
     *
     * @return the documents
     */
    @Benchmark
    public RenderedRuleset renderIptables() {
        return compiled.render(iptables, RenderOptions.defaults());
    }
}

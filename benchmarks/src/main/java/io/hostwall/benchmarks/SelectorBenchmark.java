package io.hostwall.benchmarks;

import io.hostwall.selector.Selector;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 10 item 5: exactly the three rows Calico's own Go benchmarks measure (selector_test.go), to compare
 * against them; run with {@code -prof gc} for allocations per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SelectorBenchmark {
    /** Calico's "BenchmarkParse" expression. */
    static final String NESTED = "! (a == \"b\"&&! c != \"d\") || !(a == \"b\" && !c != \"d\")";
    /** A host-endpoint selector of the shape policies use. */
    static final String HOST = "host-endpoint in {\"ingress\", \"edge\"} && zone != \"b\" && !has(maintenance)";

    // Not constants: the JIT must not fold the input.
    String nested = NESTED;
    String host = HOST;
    Selector hostSelector = Selector.parse(HOST);
    Map<String, String> labels = Map.of("host-endpoint", "edge", "zone", "a", "role", "worker", "rack", "r7");

    /** Parses Calico's nested expression. */
    @Benchmark
    public Selector parseNested() {
        return Selector.parse(nested);
    }

    /** Parses the host-endpoint selector. */
    @Benchmark
    public Selector parseHostSelector() {
        return Selector.parse(host);
    }

    /** Evaluates the host-endpoint selector on four labels. */
    @Benchmark
    public boolean evaluateHostSelector() {
        return hostSelector.matches(labels);
    }
}

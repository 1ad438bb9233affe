package io.hostwall.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.hostwall.compiler.Hostwall;
import io.hostwall.examples.LargeClusterGenerator;
import io.hostwall.model.PolicySet;
import io.hostwall.model.manifest.ManifestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading the generated cluster's manifests (written to a temporary directory): reading, YAML parsing, validation
 * and building the model, as {@code Hostwall.load} does — and the YAML tokenising alone, the floor any loader pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class LoadBenchmark {
    /** The reader's settings (ManifestReader): tokens are what it consumes. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    /** GlobalNetworkPolicies in the cluster. */
    @Param({"5000"})
    public int policies;

    /** Nodes in the cluster (two host endpoints each); {@code -p nodes=...} for the cost curve over cluster size. */
    @Param({"1000"})
    public int nodes;

    Path dir;
    List<Path> files;

    /**
     * Writes the manifests.
     *
     * @throws IOException when the temporary directory cannot be written
     */
    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("hostwall-bench");
        LargeClusterGenerator.generate(dir, policies, nodes, Clusters.SETS, Clusters.SEED);
        files = List.of(dir.resolve("tiers.yaml"), dir.resolve("hosts.yaml"), dir.resolve("sets.yaml"),
                dir.resolve("policies.yaml"));
    }

    /**
     * Removes the manifests.
     *
     * @throws IOException when they cannot be removed
     */
    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Reads, parses, validates and builds the cluster.
     *
     * @return the cluster
     * @throws ManifestException never: the generated manifests are valid
     */
    @Benchmark
    public PolicySet loadAndValidate() throws ManifestException {
        return Hostwall.load(files);
    }

    /**
     * Reads the files and runs Jackson's YAML tokenizer over them, building nothing.
     *
     * @return the number of tokens
     * @throws IOException when a file cannot be read
     */
    @Benchmark
    public long yamlTokensOnly() throws IOException {
        long tokens = 0;
        for (Path f : files) {
            try (JsonParser p = YAML.createParser(Files.readString(f, StandardCharsets.UTF_8))) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    tokens += t.id();
                }
            }
        }
        return tokens;
    }

}

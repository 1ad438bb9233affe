package io.hostwall.compiler.policytest;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs policy tests: each packet is explained on its node, which asks both the oracle (the policy's meaning) and
 * the interpreter of the compiled ruleset (what the kernel will do); the test passes when they agree with each
 * other and with the expectation.
 *
 * <pre>{@code
 * PolicySet cluster = Hostwall.load(Path.of("manifests"));
 * PolicyTestSuite suite = PolicyTestSuite.load(Path.of("policy-tests.yaml"));
 * PolicyTestReport report = PolicyTestRunner.run(cluster, suite, PolicyTestRunner.Options.defaults());
 * report.failures().forEach(f -> System.out.println(f.line()));
 * }</pre>
 */
public final class PolicyTestRunner {
    private PolicyTestRunner() {}

    /**
     * How to compile the nodes under test.
     *
     * @param compile the compile options
     * @param facts node → facts for nodes whose facts the test file does not give
     */
    public record Options(CompileOptions compile, ImmutableMap<String, NodeFacts> facts) {

        /**
         * Checks the parts.
         *
         * @param compile the compile options
         * @param facts node → facts
         * @throws NullPointerException when one is null
         */
        public Options {
            Objects.requireNonNull(compile, "compile");
            Objects.requireNonNull(facts, "facts");
        }

        /**
         * Default compile options, no facts but the files'.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(CompileOptions.defaults(), ImmutableMap.of());
        }
    }

    /**
     * Runs one file's tests.
     *
     * @param cluster the manifests under test
     * @param suite the tests
     * @param options how to compile
     * @return one result per test, in file order
     */
    public static PolicyTestReport run(PolicySet cluster, PolicyTestSuite suite, Options options) {
        return run(cluster, List.of(suite), options);
    }

    /**
     * Runs several files' tests; each node (with its facts) is compiled once.
     *
     * @param cluster the manifests under test
     * @param suites the tests
     * @param options how to compile
     * @return one result per test, in the order of the files and their tests
     */
    public static PolicyTestReport run(PolicySet cluster, List<PolicyTestSuite> suites, Options options) {
        Hostwall hostwall = Hostwall.create(options.compile());
        Map<Compiled, Compilation> compiled = new HashMap<>();
        ImmutableList.Builder<PolicyTestResult> results = ImmutableList.builder();
        for (PolicyTestSuite suite : suites) {
            for (PolicyTestCase c : suite.cases()) {
                NodeFacts facts = c.facts().or(() -> Optional.ofNullable(suite.facts().get(c.node())))
                        .orElseGet(() -> options.facts().getOrDefault(c.node(), NodeFacts.none()));
                Compilation node = compiled.computeIfAbsent(new Compiled(c.node(), facts),
                        k -> compile(hostwall, cluster, k));
                results.add(run(c, node));
            }
        }
        return new PolicyTestReport(results.build());
    }

    private static PolicyTestResult run(PolicyTestCase c, Compilation node) {
        if (node.error().isPresent()) {
            return new PolicyTestResult(c, PolicyTestResult.Status.ERROR, "node " + c.node() + " does not compile: "
                    + node.error().get(), Optional.empty());
        }
        Explanation e = node.node().get().explain(c.packet());
        Optional<Checks.Failure> failure = Checks.check(e, c.expect());
        return failure.map(f -> new PolicyTestResult(c, f.status(), f.message(), Optional.of(e)))
                .orElseGet(() -> new PolicyTestResult(c, PolicyTestResult.Status.PASSED, "", Optional.of(e)));
    }

    private static Compilation compile(Hostwall hostwall, PolicySet cluster, Compiled key) {
        try {
            return new Compilation(Optional.of(hostwall.compile(cluster, key.node(), key.facts())), Optional.empty());
        } catch (CompileException e) {
            return new Compilation(Optional.empty(), Optional.of(e.problems().stream().map(Problem::toString)
                    .collect(Collectors.joining("; "))));
        }
    }

    private record Compiled(String node, NodeFacts facts) {}

    private record Compilation(Optional<CompiledNode> node, Optional<String> error) {}
}

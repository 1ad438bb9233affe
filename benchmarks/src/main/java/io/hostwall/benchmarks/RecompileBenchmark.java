package io.hostwall.benchmarks;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.EntityRule;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import java.util.ArrayList;
import java.util.List;
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
 * A node agent's steady state: the same {@link Hostwall} recompiles {@code node-1} after a change of policies that
 * select it ({@link #change}), alternating between the two versions of the cluster, so every compile sees exactly
 * that change against the previous one: a rule edit (one rule's first port), or a policy added (a copy of a
 * selecting policy under a new name) or deleted, or three added at once — the last three measured both ways, as the
 * alternation undoes each change.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class RecompileBenchmark {
    /** GlobalNetworkPolicies in the cluster. */
    @Param({"5000"})
    public int policies;

    /** Nodes in the cluster (two host endpoints each); {@code -p nodes=...} for the cost curve over cluster size. */
    @Param({"1000"})
    public int nodes;

    /** {@code RULE_EDITED}, {@code POLICY_ADDED}, {@code POLICY_DELETED} or {@code THREE_POLICIES_ADDED}. */
    @Param({"RULE_EDITED", "POLICY_ADDED", "POLICY_DELETED", "THREE_POLICIES_ADDED"})
    public String change;

    Hostwall hostwall;
    PolicySet[] versions;
    int next;

    /**
     * Builds the two versions and compiles the first.
     *
     * @throws CompileException never
     */
    @Setup
    public void setUp() throws CompileException {
        PolicySet before = Clusters.of(policies, nodes);
        hostwall = Hostwall.create();
        CompiledNode first = hostwall.compile(before, Clusters.NODE);
        List<GlobalNetworkPolicy> selecting = before.globalNetworkPolicies().stream()
                .filter(p -> p.selector().matches(before.hostEndpoints().get(0).labels()))
                .filter(p -> !p.ingress().isEmpty())
                .filter(p -> first.ruleset().chains().stream().anyMatch(c -> c.name().endsWith(p.name())))
                .toList();
        GlobalNetworkPolicy changed = selecting.get(10);
        List<Resource> resources = new ArrayList<>(before.all());
        switch (change) {
            case "RULE_EDITED" -> {
                // A rule that exists in both families whatever the rule it replaces selected.
                Rule edited = Rule.allow().protocol(Protocol.TCP)
                        .destination(EntityRule.builder().ports(PortSpec.port(4242)).build()).build();
                List<Rule> ingress = new ArrayList<>(changed.ingress());
                ingress.set(0, edited);
                resources.set(resources.indexOf(changed), changed.toBuilder().ingress(ingress).build());
            }
            case "POLICY_ADDED" -> resources.add(selecting.get(20).toBuilder().name("bench-added").build());
            case "POLICY_DELETED" -> resources.remove(selecting.get(30));
            case "THREE_POLICIES_ADDED" -> {
                for (int i = 0; i < 3; i++) {
                    resources.add(selecting.get(20 + 7 * i).toBuilder().name("bench-added-" + i).build());
                }
            }
            default -> throw new IllegalArgumentException("unknown change " + change);
        }
        versions = new PolicySet[] {before, PolicySet.of(resources)};
    }

    /**
     * Recompiles node-1 for the other version of the cluster.
     *
     * @return the compiled node
     * @throws CompileException never
     */
    @Benchmark
    public CompiledNode recompileAfterOnePolicyChange() throws CompileException {
        next ^= 1;
        return hostwall.compile(versions[next], Clusters.NODE);
    }
}

package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.compiler.lint.Linter;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.manifest.ManifestText;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point: load a cluster's manifests, compile a node with its facts, render, explain, lint.
 *
 * <pre>{@code
 * PolicySet cluster = Hostwall.load(Path.of("/etc/hostwall/manifests"));
 * NodeFacts facts = NodeFacts.builder().addInterface("eth0", "10.240.0.11").build();
 * CompiledNode node = Hostwall.create().compile(cluster, "node1", facts);
 * RenderedRuleset nft = node.render("nftables");
 * Explanation why = node.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
 * }</pre>
 *
 * <p>Loading is static: a {@link PolicySet} does not depend on how it will be compiled. A {@code Hostwall} holds the
 * {@link CompileOptions}, which are the same for every node; what differs per node is its {@link NodeFacts}, passed
 * with each compile. Instances are immutable and thread-safe.
 */
public final class Hostwall {
    private final HostwallCompiler engine;

    private Hostwall(CompileOptions options) {
        this.engine = HostwallCompiler.create(options);
    }

    /**
     * A compiler with {@link CompileOptions#defaults()}.
     *
     * @return the compiler
     */
    public static Hostwall create() {
        return new Hostwall(CompileOptions.defaults());
    }

    /**
     * A compiler with the given options.
     *
     * @param options the options, e.g. from {@link CompileOptions#builder()}
     * @return the compiler
     */
    public static Hostwall create(CompileOptions options) {
        return new Hostwall(Objects.requireNonNull(options, "options"));
    }

    /**
     * The options every compile uses.
     *
     * @return the options
     */
    public CompileOptions options() {
        return engine.options();
    }

    // ---- loading -------------------------------------------------------------------------------------------------

    /**
     * Loads manifest files and directories (searched recursively for {@code *.yaml}, {@code *.yml}, {@code *.json}).
     *
     * @param paths files and directories
     * @return the validated cluster
     * @throws ManifestException carrying every problem of every file, each with file, line, resource and field
     */
    public static PolicySet load(Path... paths) throws ManifestException {
        return ManifestLoader.load(paths);
    }

    /**
     * Loads manifest files and directories.
     *
     * @param paths files and directories
     * @return the validated cluster
     * @throws ManifestException carrying every problem of every file
     */
    public static PolicySet load(List<Path> paths) throws ManifestException {
        return ManifestLoader.load(paths);
    }

    /**
     * Loads manifests held in a string (YAML, several documents separated by {@code ---}, or JSON).
     *
     * @param sourceName what problems print as the file, e.g. {@code "policies.yaml"}; a name ending in
     *     {@code .json} is read as JSON
     * @param manifests the text
     * @return the validated cluster
     * @throws ManifestException carrying every problem found
     */
    public static PolicySet loadString(String sourceName, String manifests) throws ManifestException {
        return ManifestLoader.loadText(sourceName, manifests);
    }

    /**
     * Loads several texts as one cluster, as if each were a file (names must be unique across them).
     *
     * @param sources source name → manifest text
     * @return the validated cluster; the result does not depend on the map's order
     * @throws ManifestException carrying every problem of every text
     */
    public static PolicySet loadStrings(Map<String, String> sources) throws ManifestException {
        return ManifestLoader.loadTexts(sources.entrySet().stream()
                .map(e -> new ManifestText(e.getKey(), e.getValue())).toList());
    }

    /**
     * Reads a stream to its end (UTF-8) and loads it; the stream is not closed.
     *
     * @param sourceName what problems print as the file
     * @param in the stream
     * @return the validated cluster
     * @throws ManifestException carrying every problem found, including a failure to read
     */
    public static PolicySet loadStream(String sourceName, InputStream in) throws ManifestException {
        return ManifestLoader.loadStream(sourceName, in);
    }

    /**
     * A cluster of resources built in code (e.g. with the model's builders), which validated themselves.
     *
     * @param resources the resources
     * @return the cluster
     * @throws IllegalArgumentException when two resources of one kind share a name
     */
    public static PolicySet cluster(Resource... resources) {
        return cluster(Arrays.asList(resources));
    }

    /**
     * A cluster of resources built in code.
     *
     * @param resources the resources
     * @return the cluster
     * @throws IllegalArgumentException when two resources of one kind share a name
     */
    public static PolicySet cluster(Collection<? extends Resource> resources) {
        Set<ResourceRef> seen = new HashSet<>();
        for (Resource r : resources) {
            if (!seen.add(Objects.requireNonNull(r, "resource").ref())) {
                // Manifests refuse this too: which of the two would win is not something to guess.
                throw new IllegalArgumentException(r.ref() + " is given twice");
            }
        }
        return PolicySet.of(resources);
    }

    /**
     * Every node that has a host endpoint in the cluster.
     *
     * @param cluster the cluster
     * @return node names, sorted
     */
    public static ImmutableList<String> nodes(PolicySet cluster) {
        return Linter.nodes(cluster);
    }

    // ---- compiling -----------------------------------------------------------------------------------------------

    /**
     * Compiles one node that has no host facts: host endpoints that only list {@code expectedIPs} bind nowhere.
     *
     * @param cluster the cluster
     * @param node the node's name; a name that no host endpoint carries compiles to a ruleset that polices no
     *     interface, with a warning in {@link CompiledNode#warnings()} (never an exception: an empty node can be
     *     intended)
     * @return the compiled node
     * @throws CompileException when the node's policies ask for something hostwall cannot enforce, or name a tier
     *     or profile that does not exist
     */
    public CompiledNode compile(PolicySet cluster, String node) throws CompileException {
        return engine.compile(cluster, node, NodeFacts.none());
    }

    /**
     * Compiles one node with its facts.
     *
     * @param cluster the cluster
     * @param node the node's name
     * @param facts the node's interfaces and addresses
     * @return the compiled node
     * @throws CompileException when the node's policies ask for something hostwall cannot enforce, or name a tier
     *     or profile that does not exist
     */
    public CompiledNode compile(PolicySet cluster, String node, NodeFacts facts) throws CompileException {
        return engine.compile(cluster, node, facts);
    }

    /**
     * Compiles every node that has a host endpoint, each with its own facts.
     *
     * @param cluster the cluster
     * @param facts node name → its facts; a node not in the map has none, and facts of nodes without host
     *     endpoints are not used
     * @return node name → compiled node, sorted by name
     * @throws CompileException carrying the problems of every node that failed (each problem once)
     */
    public ImmutableSortedMap<String, CompiledNode> compileAll(PolicySet cluster, Map<String, NodeFacts> facts)
            throws CompileException {
        // Nodes compile in parallel on every core, sharing the compiler's per-cluster work (ClusterCache); results
        // and problems are gathered in node order, so the outcome does not depend on scheduling.
        List<Object> results = nodes(cluster).parallelStream().map(node -> {
            try {
                return (Object) compile(cluster, node, facts.getOrDefault(node, NodeFacts.none()));
            } catch (CompileException e) {
                return e;
            }
        }).toList();
        ImmutableSortedMap.Builder<String, CompiledNode> out = ImmutableSortedMap.naturalOrder();
        Set<Problem> problems = new LinkedHashSet<>();
        for (Object r : results) {
            if (r instanceof CompiledNode n) {
                out.put(n.node(), n);
            } else {
                problems.addAll(((CompileException) r).problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new CompileException(ImmutableList.copyOf(problems));
        }
        return out.build();
    }

    // ---- linting -------------------------------------------------------------------------------------------------

    /**
     * Lints every node that has a host endpoint, without host facts.
     *
     * @param cluster the cluster
     * @return what compiles but rarely does what its author meant, in a stable order
     */
    public ImmutableList<LintWarning> lint(PolicySet cluster) {
        return lint(cluster, List.of(), Map.of());
    }

    /**
     * Lints some nodes, each with its own facts.
     *
     * @param cluster the cluster
     * @param nodes the nodes to lint; every node with a host endpoint when empty
     * @param facts node name → its facts; a node not in the map has none
     * @return what compiles but rarely does what its author meant, in a stable order
     */
    public ImmutableList<LintWarning> lint(PolicySet cluster, List<String> nodes, Map<String, NodeFacts> facts) {
        return new Linter(options()).lint(cluster, nodes, facts);
    }
}

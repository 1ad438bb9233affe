package io.hostwall.compiler.diff;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything that differs on one node between two versions of the manifests: its host endpoints, its IR ruleset
 * ({@link RulesetDiff}), each chosen backend's rendered documents, and the verdicts of probe packets.
 *
 * <pre>{@code
 * CompiledNode before = Hostwall.create().compile(Hostwall.load(Path.of("main")), "node1", facts);
 * CompiledNode after = Hostwall.create().compile(Hostwall.load(Path.of("pr")), "node1", facts);
 * NodeDiff d = NodeDiff.between(before, after, List.of(Backends.named("nftables").orElseThrow()),
 *         RenderOptions.defaults(), List.of());
 * if (!d.identical()) { System.out.print(DiffReport.of(List.of(d)).text(false)); }
 * }</pre>
 *
 * @param node the node's name
 * @param hadEndpoints whether the node had a host endpoint in the old manifests
 * @param hasEndpoints whether it has one in the new manifests
 * @param endpoints the node's host endpoints that were added, removed or changed, by name
 * @param ruleset the IR difference
 * @param documents the rendered documents that differ, by backend (in the order given) then document kind
 * @param verdicts every probe tried on the node, changed or not, in the order given
 */
public record NodeDiff(String node, boolean hadEndpoints, boolean hasEndpoints, ImmutableList<EndpointChange> endpoints, RulesetDiff ruleset,
        ImmutableList<DocumentDiff> documents, ImmutableList<VerdictChange> verdicts) {

    /**
     * Checks for null.
     *
     * @param node the node's name
     * @param hadEndpoints whether the node had a host endpoint in the old manifests
     * @param hasEndpoints whether it has one in the new manifests
     * @param endpoints the node's host endpoints that were added, removed or changed, by name
     * @param ruleset the IR difference
     * @param documents the rendered documents that differ, by backend (in the order given) then document kind
     * @param verdicts every probe tried on the node, changed or not, in the order given
     */
    public NodeDiff {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(verdicts, "verdicts");
    }

    /**
     * Compares one node compiled from two versions of the manifests.
     *
     * @param oldNode the node compiled from the old manifests
     * @param newNode the same node compiled from the new manifests (with the same options and facts, or the
     *     difference shows)
     * @param backends the backends whose documents to compare; none for an IR-only diff
     * @param renderOptions how to render both sides
     * @param probes packets whose verdicts to compare; those {@link PacketProbe#appliesTo naming another node} are
     *     left out
     * @return the difference
     * @throws IllegalArgumentException when the two compiled nodes are different nodes
     */
    public static NodeDiff between(CompiledNode oldNode, CompiledNode newNode, List<Backend> backends,
            RenderOptions renderOptions, List<PacketProbe> probes) {
        if (!oldNode.node().equals(newNode.node())) {
            throw new IllegalArgumentException("comparing node " + oldNode.node() + " with node " + newNode.node());
        }
        String node = newNode.node();
        ImmutableList.Builder<DocumentDiff> documents = ImmutableList.builder();
        for (Backend b : backends) {
            RenderedRuleset o = oldNode.render(b, renderOptions);
            RenderedRuleset n = newNode.render(b, renderOptions);
            TreeSet<DocumentKind> kinds = new TreeSet<>(o.documents().keySet());
            kinds.addAll(n.documents().keySet());
            for (DocumentKind k : kinds) {
                String file = node + "." + k.suffix();
                String d = UnifiedDiff.of("old/" + file, "new/" + file, o.document(k).orElse(""),
                        n.document(k).orElse(""));
                if (!d.isEmpty()) {
                    documents.add(new DocumentDiff(b.name(), k, d));
                }
            }
        }
        ImmutableList.Builder<VerdictChange> verdicts = ImmutableList.builder();
        for (PacketProbe p : probes) {
            if (p.appliesTo(node)) {
                Explanation o = oldNode.explain(p.packet());
                Explanation n = newNode.explain(p.packet());
                verdicts.add(new VerdictChange(p, o.verdict(), n.verdict(), decidedBy(o), decidedBy(n)));
            }
        }
        return new NodeDiff(node, !endpointsOf(node, oldNode.cluster()).isEmpty(),
                !endpointsOf(node, newNode.cluster()).isEmpty(), endpoints(node, oldNode.cluster(), newNode.cluster()),
                RulesetDiff.between(oldNode, newNode), documents.build(), verdicts.build());
    }

    private static Optional<RuleOrigin> decidedBy(Explanation e) {
        return e.decidingIrRule().map(TracedRule::rule).map(r -> r.origin());
    }

    /** The node's host endpoints that differ between the clusters, by name. */
    static ImmutableList<EndpointChange> endpoints(String node, PolicySet oldCluster, PolicySet newCluster) {
        Map<String, HostEndpoint> o = endpointsOf(node, oldCluster);
        Map<String, HostEndpoint> n = endpointsOf(node, newCluster);
        TreeSet<String> names = new TreeSet<>(o.keySet());
        names.addAll(n.keySet());
        ImmutableList.Builder<EndpointChange> out = ImmutableList.builder();
        for (String name : names) {
            Optional<HostEndpoint> a = Optional.ofNullable(o.get(name));
            Optional<HostEndpoint> b = Optional.ofNullable(n.get(name));
            if (a.isEmpty()) {
                out.add(new EndpointChange(Change.ADDED, name, a, b));
            } else if (b.isEmpty()) {
                out.add(new EndpointChange(Change.REMOVED, name, a, b));
            } else if (!a.equals(b)) {
                out.add(new EndpointChange(Change.CHANGED, name, a, b));
            }
        }
        return out.build();
    }

    private static Map<String, HostEndpoint> endpointsOf(String node, PolicySet cluster) {
        Map<String, HostEndpoint> out = new TreeMap<>();
        for (Resource r : cluster.all()) {
            if (r instanceof HostEndpoint h && h.node().equals(node)) {
                out.put(h.name(), h);
            }
        }
        return out;
    }

    /**
     * Whether nothing differs: endpoints, ruleset, documents and every probe's verdict. (A probe decided by another
     * rule with the same verdict is not a difference: the rulesets then differ anyway.)
     *
     * @return true when the node is the same before and after
     */
    public boolean identical() {
        return endpoints.isEmpty() && ruleset.isEmpty() && documents.isEmpty()
                && verdicts.stream().noneMatch(VerdictChange::changed);
    }

    /**
     * How the node as a whole changed: {@link Change#ADDED} when it had no host endpoint before and has one now,
     * {@link Change#REMOVED} the other way round, {@link Change#CHANGED} otherwise; empty when {@link #identical()}.
     *
     * @return the node's change
     */
    public Optional<Change> status() {
        if (identical()) {
            return Optional.empty();
        }
        return Optional.of(!hadEndpoints && hasEndpoints ? Change.ADDED
                : hadEndpoints && !hasEndpoints ? Change.REMOVED : Change.CHANGED);
    }
}

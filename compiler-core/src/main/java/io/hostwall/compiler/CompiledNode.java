package io.hostwall.compiler;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explainer;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.util.Objects;

/**
 * One node, compiled: its backend-neutral {@link Ruleset}, the warnings the user should read, and what it was
 * compiled from (the cluster, the options, the node's facts), so that it renders to any backend and explains
 * packets without the caller passing any of them again. Immutable and thread-safe.
 *
 * <pre>{@code
 * CompiledNode node1 = Hostwall.create().compile(cluster, "node1", facts);
 * RenderedRuleset nft = node1.render("nftables");
 * Explanation why = node1.explain(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
 * }</pre>
 */
public final class CompiledNode {
    private final Ruleset ruleset;
    private final ImmutableList<Problem> warnings;
    private final PolicySet cluster;
    private final CompileOptions options;
    private final NodeFacts facts;
    // The oracle's per-node plan is built on the first explain only: an agent that just renders never pays for it.
    private final Supplier<Explainer> explainer;

    CompiledNode(Ruleset ruleset, ImmutableList<Problem> warnings, PolicySet cluster, CompileOptions options,
            NodeFacts facts) {
        this.ruleset = Objects.requireNonNull(ruleset, "ruleset");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.options = Objects.requireNonNull(options, "options");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.explainer = Suppliers.memoize(() -> new Explainer(cluster, ruleset.node(), options, facts, ruleset));
    }

    /**
     * The node's name.
     *
     * @return the name, as in the host endpoints' {@code spec.node}
     */
    public String node() {
        return ruleset.node();
    }

    /**
     * The backend-neutral ruleset.
     *
     * @return the ruleset
     */
    public Ruleset ruleset() {
        return ruleset;
    }

    /**
     * What compiled but deserves the user's attention (an endpoint that binds no interface, an ignored
     * {@code doNotTrack}, a node that no host endpoint names so that its ruleset protects nothing, ...), each
     * located in the manifests where it has a place there.
     *
     * @return the warnings, possibly none
     */
    public ImmutableList<Problem> warnings() {
        return warnings;
    }

    /**
     * The cluster this node was compiled from.
     *
     * @return the policy set
     */
    public PolicySet cluster() {
        return cluster;
    }

    /**
     * The options this node was compiled with.
     *
     * @return the options
     */
    public CompileOptions options() {
        return options;
    }

    /**
     * The node's facts this node was compiled with.
     *
     * @return the facts
     */
    public NodeFacts facts() {
        return facts;
    }

    /**
     * Renders the ruleset with a backend found on the class path, with {@link RenderOptions#defaults()}.
     *
     * @param backendName e.g. {@code nftables} or {@code iptables}
     * @return the documents the kernel tools load
     * @throws IllegalArgumentException when no backend of that name is on the class path
     */
    public RenderedRuleset render(String backendName) {
        Backend backend = Backends.named(backendName).orElseThrow(() -> new IllegalArgumentException(
                "no backend named \"" + backendName + "\" on the class path; there are " + Backends.all().keySet()));
        return render(backend, RenderOptions.defaults());
    }

    /**
     * Renders the ruleset.
     *
     * @param backend the backend
     * @param renderOptions table name, counters
     * @return the documents the kernel tools load
     */
    public RenderedRuleset render(Backend backend, RenderOptions renderOptions) {
        return backend.render(ruleset, renderOptions);
    }

    /**
     * Explains a packet on this node: the policy's story (stage, tier, policy, rule) and the ruleset's (the rules it
     * meets), with the verdict.
     *
     * @param packet the packet
     * @return the explanation
     */
    public Explanation explain(Packet packet) {
        return explainer.get().explain(packet);
    }

    @Override
    public String toString() {
        return "CompiledNode[" + node() + ", " + warnings.size() + " warning(s)]";
    }
}

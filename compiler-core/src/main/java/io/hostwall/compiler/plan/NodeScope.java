package io.hostwall.compiler.plan;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import com.google.common.collect.ImmutableList;
import io.hostwall.net.Cidr;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.Names;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which of the node's host endpoints polices which interface (SEMANTICS §1, FR §5): named endpoints by
 * {@code interfaceName}, expectedIPs-only endpoints through the caller's host facts, the alphabetically first
 * endpoint when several claim one interface, and the alphabetically first {@code *} endpoint.
 */
public final class NodeScope {
    public final ImmutableList<Binding> named;
    public final Optional<Binding> all;

    private NodeScope(ImmutableList<Binding> named, Optional<Binding> all) {
        this.named = named;
        this.all = all;
    }

    public static NodeScope resolve(PolicySet set, String node, CompileOptions options, NodeFacts facts,
            ImmutableList.Builder<Problem> warnings) {
        Map<String, HostEndpoint> byIface = new TreeMap<>();
        List<HostEndpoint> stars = new ArrayList<>();
        boolean any = false;
        for (HostEndpoint hep : set.hostEndpoints()) { // sorted by name: first claim wins
            if (!hep.node().equals(node)) {
                continue;
            }
            any = true;
            if (hep.isAllInterfaces()) {
                stars.add(hep);
                continue;
            }
            List<String> ifaces = hep.interfaceName().isPresent() ? List.of(hep.interfaceName().get())
                    : interfacesHolding(hep, facts);
            if (ifaces.isEmpty()) {
                warnings.add(Enforceability.problem(set, hep, "spec.expectedIPs",
                        "no interface of node " + node + " is known to hold " + addresses(hep.expectedIPs())
                                + "; pass host facts (interface addresses) to bind this endpoint; it polices nothing"));
                continue;
            }
            // An expectedIPs-only endpoint polices every interface that holds one of its addresses (FR §5).
            for (String iface : ifaces) {
                if (isWorkload(iface, options)) {
                    warnings.add(Enforceability.problem(set, hep, hep.interfaceName().isPresent()
                            ? "spec.interfaceName" : "spec.expectedIPs", "interface " + iface
                            + " has a workload prefix; host endpoint policy never applies to workload interfaces"));
                    continue;
                }
                HostEndpoint winner = byIface.putIfAbsent(iface, hep);
                if (winner != null) {
                    warnings.add(Enforceability.problem(set, hep, hep.interfaceName().isPresent()
                            ? "spec.interfaceName" : "spec.expectedIPs", "interface " + iface
                            + " is already policed by HostEndpoint \"" + winner.name()
                            + "\" (first by name); this one is ignored there"));
                }
            }
        }
        if (!any) {
            // A typo in the node name compiles to a ruleset that protects nothing: the caller must hear about it,
            // but an empty node can be intended (a node about to get its endpoints), so this is not an error.
            warnings.add(noHostEndpoint(node));
        }
        ImmutableList.Builder<Binding> named = ImmutableList.builder();
        byIface.forEach((iface, hep) -> named.add(new Binding(iface, hep, false)));
        Optional<Binding> all = stars.isEmpty() ? Optional.empty()
                : Optional.of(new Binding(HostEndpoint.ALL_INTERFACES, stars.get(0), true));
        for (HostEndpoint extra : stars.subList(Math.min(1, stars.size()), stars.size())) {
            warnings.add(Enforceability.problem(set, extra, "spec.interfaceName", "HostEndpoint \""
                    + stars.get(0).name() + "\" is this node's all-interfaces endpoint (first by name); this one is ignored"));
        }
        return new NodeScope(named.build(), all);
    }

    /** The warning for a node that no host endpoint names; located nowhere, as no manifest mentions the node. */
    private static Problem noHostEndpoint(String node) {
        return new Problem(Optional.empty(), Optional.empty(), "", "node " + Names.quote(node)
                + " has no HostEndpoint (no spec.node names it), so its ruleset polices no interface;"
                + " is the node name misspelt?");
    }

    /** The interfaces the host facts give one of the endpoint's expectedIPs, sorted by name. */
    private static List<String> interfacesHolding(HostEndpoint hep, NodeFacts facts) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ImmutableList<InetAddress>> e : facts.interfaces().entrySet()) {
            if (e.getValue().stream().anyMatch(hep.expectedIPs()::contains)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    static boolean isWorkload(String iface, CompileOptions options) {
        return options.workloadInterfacePrefixes().stream().anyMatch(iface::startsWith);
    }

    private static String addresses(List<InetAddress> ips) {
        return ips.stream().map(a -> Cidr.host(a).address().getHostAddress()).toList().toString();
    }

    /** Every binding, named ones first (by interface), then the {@code *} one. */
    public ImmutableList<Binding> allBindings() {
        ImmutableList.Builder<Binding> b = ImmutableList.<Binding>builder().addAll(named);
        all.ifPresent(b::add);
        return b.build();
    }
}

package io.hostwall.compiler.lint;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.compiler.plan.Binding;
import io.hostwall.compiler.plan.EffectiveLabels;
import io.hostwall.compiler.plan.Enforceability;
import io.hostwall.compiler.plan.NodeScope;
import io.hostwall.compiler.plan.PolicyPlanner;
import io.hostwall.compiler.plan.Stage;
import io.hostwall.compiler.plan.TierPlan;
import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.oracle.OracleInputException;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Profile;
import io.hostwall.model.Rule;
import io.hostwall.selector.Selector;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the known pitfalls of host-endpoint policy: things that compile but rarely do what their author meant.
 * Lint never changes what is compiled.
 */
public final class Linter {
    /** The two ends of the neighbour-discovery exchanges lint asks the oracle about. */
    private static final InetAddress LINK_LOCAL_SELF = InetAddresses.forString("fe80::1");
    private static final InetAddress LINK_LOCAL_PEER = InetAddresses.forString("fe80::2");

    private final CompileOptions options;

    /**
     * A linter that asks the questions under the options the policy will be compiled with.
     *
     * @param options the compile options (failsafes and host facts change what lint concludes)
     */
    public Linter(CompileOptions options) {
        this.options = options;
    }

    /**
     * Every node that has a host endpoint.
     *
     * @param set the cluster
     * @return the node names, sorted
     */
    public static ImmutableList<String> nodes(PolicySet set) {
        return ImmutableList.copyOf(new TreeSet<>(set.hostEndpoints().stream().map(HostEndpoint::node).toList()));
    }

    /**
     * Lint for some nodes.
     *
     * @param set the cluster
     * @param nodes the nodes to lint; empty means every node with a host endpoint
     * @return the warnings, in a stable order, without repeats
     */
    public ImmutableList<LintWarning> lint(PolicySet set, List<String> nodes) {
        List<String> scope = nodes.isEmpty() ? nodes(set) : nodes;
        Set<LintWarning> out = new LinkedHashSet<>();
        EffectiveLabels labels = new EffectiveLabels(set);
        AddressBook book = new AddressBook(set, labels);
        ImmutableList.Builder<Problem> ignoredErrors = ImmutableList.builder();
        PolicyPlanner planner = new PolicyPlanner(set, labels, ignoredErrors);

        for (GlobalNetworkPolicy p : set.globalNetworkPolicies()) {
            boolean selectsSomething = set.hostEndpoints().stream().anyMatch(h -> planner.selecting(h).contains(p));
            if (!selectsSomething) {
                out.add(warn(LintWarning.Code.POLICY_SELECTS_NOTHING, set, p, "spec.selector",
                        "selects no host endpoint on any node" + (p.namespaceSelector().isPresent()
                                || p.serviceAccountSelector().isPresent()
                                ? " (a namespaceSelector or serviceAccountSelector only ever selects workloads)" : "")));
                continue;
            }
            selectorsResolve(set, book, p, out);
            if (p.doNotTrack() && (p.governs(Direction.INGRESS) != p.governs(Direction.EGRESS))) {
                out.add(warn(LintWarning.Code.UNTRACKED_ONE_DIRECTION, set, p, "spec.types",
                        "doNotTrack policy is stateless, but this one only has " + p.types()
                                + " rules: replies in the other direction are not allowed by it"));
            }
        }
        for (Profile profile : set.profiles()) {
            passInProfile(set, profile, out);
        }
        for (String node : scope) {
            ImmutableList.Builder<Problem> warnings = ImmutableList.builder();
            NodeScope ns = NodeScope.resolve(set, node, options, warnings);
            warnings.build().forEach(w -> out.add(new LintWarning(LintWarning.Code.COMPILE_WARNING, w)));
            for (Binding b : ns.allBindings()) {
                List<GlobalNetworkPolicy> policies = planner.selecting(b.hep());
                endpointChecks(set, b, policies, planner, out);
            }
            neighborDiscovery(set, node, ns, out);
        }
        return ImmutableList.copyOf(out);
    }

    private void endpointChecks(PolicySet set, Binding b, List<GlobalNetworkPolicy> policies, PolicyPlanner planner,
            Set<LintWarning> out) {
        HostEndpoint hep = b.hep();
        if (policies.stream().noneMatch(p -> Stage.of(p).contains(Stage.NORMAL)) && hep.profiles().isEmpty()) {
            out.add(warn(LintWarning.Code.ENDPOINT_WITHOUT_POLICY, set, hep, "spec",
                    "no normal policy or profile applies: host traffic through " + (b.allInterfaces() ? "every interface"
                            : b.iface()) + " is denied in both directions except failsafe ports"));
        }
        if (b.allInterfaces() && PolicyPlanner.any(policies, Stage.UNTRACKED)) {
            out.add(warn(LintWarning.Code.UNTRACKED_ON_ALL_INTERFACES, set, hep, "spec.interfaceName",
                    "doNotTrack policy selects this all-interfaces endpoint and is ignored there"));
        }
        List<TierPlan> pre = planner.tiers(policies, Stage.PRE_DNAT, Direction.INGRESS);
        if (!pre.isEmpty() && pre.stream().flatMap(t -> t.policies().stream()).noneMatch(Linter::endsWithDenyAll)) {
            out.add(warn(LintWarning.Code.PRE_DNAT_WITHOUT_DENY, set, hep, "spec",
                    "pre-DNAT policy applies, but none ends in an unconditional Deny: pre-DNAT has no default drop, so"
                            + " traffic it does not allow or deny goes on to normal policy"));
        }
    }

    /**
     * Asks the oracle what happens to neighbour solicitations (ICMPv6 135) and advertisements (136) between
     * link-local addresses, both ways, on each interface-bound endpoint known to carry IPv6 (IPv6 expectedIPs or
     * IPv6 host facts). The kernel leaves them untracked, so no conntrack rule lets them through: policy decides.
     */
    private void neighborDiscovery(PolicySet set, String node, NodeScope ns, Set<LintWarning> out) {
        PolicyOracle oracle;
        try {
            oracle = PolicyOracle.of(set, node, options);
        } catch (OracleInputException e) {
            return; // compile reports these as errors
        }
        for (Binding b : ns.named) {
            boolean ipv6 = Stream.concat(b.hep().expectedIPs().stream(),
                    options.hostInterfaces().getOrDefault(b.iface(), ImmutableList.of()).stream())
                    .anyMatch(a -> a instanceof Inet6Address);
            if (!ipv6) {
                continue;
            }
            List<String> dropped = new ArrayList<>();
            for (int type : new int[] {135, 136}) {
                for (boolean in : new boolean[] {true, false}) {
                    Packet p = new Packet(IpFamily.V6, in ? LINK_LOCAL_PEER : LINK_LOCAL_SELF,
                            in ? LINK_LOCAL_SELF : LINK_LOCAL_PEER, 58, OptionalInt.empty(), OptionalInt.empty(),
                            OptionalInt.of(type), OptionalInt.of(0), in ? Optional.of(b.iface()) : Optional.empty(),
                            in ? Optional.empty() : Optional.of(b.iface()), Optional.empty(), Packet.ConnState.NEW);
                    if (oracle.evaluate(p).verdict() == Verdict.DENY) {
                        dropped.add((type == 135 ? "solicitations" : "advertisements") + (in ? " in" : " out"));
                    }
                }
            }
            if (!dropped.isEmpty()) {
                out.add(warn(LintWarning.Code.IPV6_NEIGHBOR_DISCOVERY_BLOCKED, set, b.hep(), "spec",
                        "policy drops IPv6 neighbour discovery on " + b.iface() + " (" + String.join(", ", dropped)
                                + "): IPv6 through it stops once neighbour entries expire; allow ICMPv6 types 135 and"
                                + " 136 in both directions"));
            }
        }
    }

    /** A Pass rule followed by a rule of another action: the rules after it are skipped once the mark is set. */
    private static void passInProfile(PolicySet set, Profile profile, Set<LintWarning> out) {
        for (Direction d : Direction.values()) {
            List<Rule> rules = profile.rules(d);
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).action() == Action.PASS
                        && rules.subList(i + 1, rules.size()).stream().anyMatch(r -> r.action() != Action.PASS)) {
                    out.add(warn(LintWarning.Code.PASS_IN_PROFILE, set, profile, rulePath(d, i),
                            "after a policy's (or an earlier profile's) Pass, this rule ends the profile whether or"
                                    + " not it matches, as Felix renders it: the rules after it are skipped then"));
                }
            }
        }
    }

    /** E.g. {@code spec.ingress[2]}. */
    private static String rulePath(Direction d, int index) {
        return "spec." + d.manifestName().toLowerCase(java.util.Locale.ROOT) + "[" + index + "]";
    }

    private static boolean endsWithDenyAll(GlobalNetworkPolicy p) {
        return p.ingress().stream().anyMatch(r -> r.action() == Action.DENY && r.equals(Rule.of(Action.DENY)));
    }

    private static void selectorsResolve(PolicySet set, AddressBook book, GlobalNetworkPolicy p, Set<LintWarning> out) {
        for (Direction d : Direction.values()) {
            List<Rule> rules = p.rules(d);
            for (int i = 0; i < rules.size(); i++) {
                String at = rulePath(d, i);
                side(set, book, p, at + ".source", rules.get(i).source(), out);
                side(set, book, p, at + ".destination", rules.get(i).destination(), out);
            }
        }
    }

    private static void side(PolicySet set, AddressBook book, GlobalNetworkPolicy p, String at, EntityRule e,
            Set<LintWarning> out) {
        Optional<Selector> s = e.selector();
        if (s.isEmpty()) {
            return;
        }
        boolean none = book.networks(s.get(), IpFamily.V4).isEmpty() && book.networks(s.get(), IpFamily.V6).isEmpty();
        if (none) {
            int picked = book.select(s.get()).size();
            out.add(warn(LintWarning.Code.SELECTOR_RESOLVES_TO_NOTHING, set, p, at + ".selector",
                    "selector " + s.get() + " resolves to no address, so this rule never matches: "
                            + (picked > 0 ? "it picks " + picked + " resource(s) without addresses (host endpoints are"
                            + " visible to rule selectors only through spec.expectedIPs)" : "it picks nothing")));
        }
    }

    private static LintWarning warn(LintWarning.Code code, PolicySet set, io.hostwall.model.Resource r, String field,
            String message) {
        return new LintWarning(code, Enforceability.problem(set, r, field, message));
    }
}

package io.hostwall.compiler;

import io.hostwall.compiler.chains.BaseChains;
import io.hostwall.compiler.chains.ChainSink;
import io.hostwall.compiler.chains.DispatchChains;
import io.hostwall.compiler.chains.EndpointChains;
import io.hostwall.compiler.chains.FailsafeChains;
import io.hostwall.compiler.chains.Names;
import io.hostwall.compiler.chains.PolicyChains;
import io.hostwall.compiler.chains.RuleCompiler;
import io.hostwall.compiler.chains.SetRegistry;
import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.compiler.plan.Binding;
import io.hostwall.compiler.plan.Enforceability;
import io.hostwall.compiler.plan.FailsafeConfig;
import io.hostwall.compiler.plan.NodeScope;
import io.hostwall.compiler.plan.PolicyPlanner;
import io.hostwall.compiler.plan.Stage;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Iterables;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.Direction;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Profile;
import io.hostwall.ir.IrAction;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compiles one node's host-endpoint policy into a backend-neutral {@link Ruleset} (SEMANTICS.md): the engine behind
 * {@link Hostwall}, which most callers should use instead. Thread-safe and reusable. Between compiles it keeps
 * what depends only on the cluster (selector resolution, built sets, compiled policy chains, the policy order; see
 * {@code ClusterCache}), so compiling every node of a cluster, or recompiling a node after a change, does the
 * cluster's share of the work once; the output is the same bytes as from a fresh compiler.
 */
public final class HostwallCompiler {
    /** Below this many policies a node's chains are compiled on the calling thread only. */
    private static final int PARALLEL_THRESHOLD = 64;

    private final CompileOptions options;
    private final Names names;
    private final ClusterCache cache;

    private HostwallCompiler(CompileOptions options) {
        this.options = options;
        this.names = new Names(options.chainPrefix());
        this.cache = new ClusterCache(names);
    }

    /**
     * A compiler with these options.
     *
     * @param options the options
     * @return the compiler
     */
    public static HostwallCompiler create(CompileOptions options) {
        return new HostwallCompiler(Objects.requireNonNull(options, "options"));
    }

    /**
     * The options every compile uses.
     *
     * @return the options
     */
    public CompileOptions options() {
        return options;
    }

    /**
     * Compiles {@code node} without host facts: host endpoints that only list {@code expectedIPs} bind nowhere.
     *
     * @param set the cluster
     * @param node the node's name
     * @return the compiled node
     * @throws CompileException when the node's policies ask for something hostwall cannot enforce, or reference
     *     a tier or profile that does not exist
     */
    public CompiledNode compile(PolicySet set, String node) throws CompileException {
        return compile(set, node, NodeFacts.none());
    }

    /**
     * Compiles {@code node}. A node with no host endpoints still gets the hooked chains (they police nothing).
     *
     * @param set the cluster
     * @param node the node's name
     * @param facts the node's interfaces and addresses, which bind host endpoints that only list
     *     {@code expectedIPs}
     * @return the compiled node
     * @throws CompileException when the node's policies ask for something hostwall cannot enforce, or reference
     *     a tier or profile that does not exist
     */
    public CompiledNode compile(PolicySet set, String node, NodeFacts facts) throws CompileException {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(facts, "facts");
        ImmutableList.Builder<Problem> errors = ImmutableList.builder();
        ImmutableList.Builder<Problem> warnings = ImmutableList.builder();
        ClusterCache.Addresses addresses = cache.addresses(set);
        ClusterCache.Plan plan = cache.plan(set, addresses);
        errors.addAll(plan.errors());
        PolicyPlanner planner = plan.planner();
        NodeScope scope = NodeScope.resolve(set, node, options, facts, warnings);

        Map<String, Profile> profiles = new TreeMap<>();
        profiles.put(Profile.DEFAULT_ALLOW, Profile.defaultAllow());
        set.profiles().forEach(p -> profiles.put(p.name(), p));

        Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected = new java.util.LinkedHashMap<>();
        for (Binding b : scope.allBindings()) {
            ImmutableList<GlobalNetworkPolicy> policies = planner.selecting(b.hep());
            selected.put(b, policies);
            checkEnforceable(set, b.hep(), policies, profiles, errors);
            if (b.allInterfaces() && PolicyPlanner.any(policies, Stage.UNTRACKED)) {
                warnings.add(Enforceability.problem(set, b.hep(), "spec.interfaceName",
                        "doNotTrack policy is not supported on an all-interfaces (\"*\") host endpoint and is ignored there"));
            }
        }
        failsafeChecks(set, node, errors, warnings);
        ImmutableList<Problem> found = errors.build();
        if (!found.isEmpty()) {
            throw new CompileException(found);
        }

        MarkBits marks = MarkBits.allocate(options.markMask());
        ChainSink sink = new ChainSink();
        SetRegistry sets = new SetRegistry(addresses.pool());
        AddressBook book = addresses.book();
        RuleCompiler rules = new RuleCompiler(book, sets, marks, options.logPrefix());
        PolicyChains policyChains = new PolicyChains(names, sink, rules, sets, addresses.chains(),
                own -> new RuleCompiler(book, own, marks, options.logPrefix()));
        prepareInParallel(selected.values(), policyChains);
        FailsafeChains failsafes = new FailsafeChains(FailsafeConfig.resolve(set, node, options), names, sink);
        EndpointChains endpoints = new EndpointChains(names, sink, marks, planner, policyChains, failsafes, profiles,
                options.denyAction(), options.policyGroupThreshold());

        BaseChains.Dispatch dispatch = dispatch(scope, selected, endpoints, new DispatchChains(names, sink));
        Ruleset ruleset = new Ruleset(node,
                new BaseChains(names, marks, options.workloadInterfacePrefixes()).build(dispatch),
                sink.all(), sets.all(), marks);
        return new CompiledNode(ruleset, warnings.build(), set, options, facts);
    }

    /**
     * Compiles the chains of the node's policies on every core before the endpoint chains, which are built in order
     * and would otherwise compile them one after the other: compiling policy chains is most of a fresh node's
     * compile (JFR, issue 10). Only the chains a policy's stages use with their usual deny action are prepared;
     * anything else is compiled when asked for. The result does not depend on the threads: a chain's rules and set
     * names depend only on the policy and the address book.
     */
    private void prepareInParallel(Collection<ImmutableList<GlobalNetworkPolicy>> selected, PolicyChains chains) {
        Set<GlobalNetworkPolicy> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        selected.forEach(distinct::addAll);
        if (distinct.size() < PARALLEL_THRESHOLD) {
            return;
        }
        IrAction filterDeny = options.denyAction() == DenyAction.REJECT ? new IrAction.Reject() : new IrAction.Drop();
        List<GlobalNetworkPolicy> work = List.copyOf(distinct);
        work.parallelStream().forEach(p -> {
            boolean tracked = !p.doNotTrack() && !p.preDNAT();
            IrAction deny = tracked ? filterDeny : new IrAction.Drop();
            for (Direction d : Direction.values()) {
                if (p.governs(d)) {
                    chains.prepare(p, d, deny, false);
                }
            }
        });
    }

    private BaseChains.Dispatch dispatch(NodeScope scope, Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected,
            EndpointChains ep, DispatchChains dc) {
        List<String> wl = options.workloadInterfacePrefixes();
        Optional<Binding> all = scope.all;
        Function<Binding, ImmutableList<GlobalNetworkPolicy>> pol = selected::get;

        Map<String, String> rawFrom = new TreeMap<>();
        Map<String, String> rawTo = new TreeMap<>();
        Map<String, String> pre = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        Map<String, String> to = new TreeMap<>();
        Map<String, String> fromFw = new TreeMap<>();
        Map<String, String> toFw = new TreeMap<>();
        Map<String, String> mangleTo = new TreeMap<>();
        for (Binding b : scope.named) {
            ImmutableList<GlobalNetworkPolicy> p = pol.apply(b);
            if (PolicyPlanner.any(p, Stage.UNTRACKED)) {
                rawFrom.put(b.iface(), ep.untracked(b, p, Direction.INGRESS));
                rawTo.put(b.iface(), ep.untracked(b, p, Direction.EGRESS));
            }
            if (PolicyPlanner.any(p, Stage.PRE_DNAT)) {
                pre.put(b.iface(), ep.preDnat(b, p));
            }
            from.put(b.iface(), ep.normalIngress(b, p));
            to.put(b.iface(), ep.normalEgress(b, p));
            fromFw.put(b.iface(), ep.forward(b, p, Direction.INGRESS));
            toFw.put(b.iface(), ep.forward(b, p, Direction.EGRESS));
            mangleTo.put(b.iface(), ep.mangleEgress(b, p));
        }
        Optional<String> allPre = all.filter(b -> PolicyPlanner.any(pol.apply(b), Stage.PRE_DNAT))
                .map(b -> ep.preDnat(b, pol.apply(b)));
        return new BaseChains.Dispatch(
                dc.define("raw-from-hep", InterfaceDirection.IN, rawFrom, List.of(), Optional.empty()),
                dc.define("raw-to-hep", InterfaceDirection.OUT, rawTo, List.of(), Optional.empty()),
                dc.define("pre-from-hep", InterfaceDirection.IN, pre, List.of(), allPre),
                dc.define("from-hep", InterfaceDirection.IN, from, List.of(),
                        all.map(b -> ep.normalIngress(b, pol.apply(b)))),
                dc.define("to-hep", InterfaceDirection.OUT, to, List.of(),
                        all.map(b -> ep.normalEgress(b, pol.apply(b)))),
                dc.define("from-hep-fwd", InterfaceDirection.IN, fromFw, List.of(),
                        all.map(b -> ep.forward(b, pol.apply(b), Direction.INGRESS))),
                dc.define("to-hep-fwd", InterfaceDirection.OUT, toFw, List.of(),
                        all.map(b -> ep.forward(b, pol.apply(b), Direction.EGRESS))),
                dc.define("mangle-to-hep", InterfaceDirection.OUT, mangleTo, wl,
                        all.map(b -> ep.mangleEgress(b, pol.apply(b)))));
    }

    private void checkEnforceable(PolicySet set, HostEndpoint hep, List<GlobalNetworkPolicy> policies,
            Map<String, Profile> profiles, ImmutableList.Builder<Problem> errors) {
        for (GlobalNetworkPolicy p : policies) {
            if (cache.knownEnforceable(p)) {
                continue;
            }
            ImmutableList.Builder<Problem> found = ImmutableList.builder();
            Enforceability.check(set, p, "ingress", p.ingress(), found);
            Enforceability.check(set, p, "egress", p.egress(), found);
            ImmutableList<Problem> problems = found.build();
            if (problems.isEmpty()) {
                cache.enforceable(p);
            }
            errors.addAll(problems);
        }
        for (int i = 0; i < hep.profiles().size(); i++) {
            Profile prof = profiles.get(hep.profiles().get(i));
            if (prof == null) {
                errors.add(Enforceability.problem(set, hep, "spec.profiles[" + i + "]",
                        "profile \"" + hep.profiles().get(i) + "\" is not defined"));
                continue;
            }
            if (!prof.name().equals(Profile.DEFAULT_ALLOW) || set.profiles().contains(prof)) {
                Enforceability.check(set, prof, "ingress", prof.ingress(), errors);
                Enforceability.check(set, prof, "egress", prof.egress(), errors);
            }
        }
    }

    /**
     * Felix parses each failsafe list of the {@code default} and {@code node.<node>} configurations (even one the
     * other overrides) as {@code (tcp|udp):[net:]port} and, the parameters being die-on-fail, refuses to start on an
     * SCTP entry (felix/config/param_types.go, PortListParam). hostwall refuses to compile it. Port 0 in a list in
     * force is left out with a warning.
     */
    private void failsafeChecks(PolicySet set, String node, ImmutableList.Builder<Problem> errors,
            ImmutableList.Builder<Problem> warnings) {
        FailsafeConfig fs = FailsafeConfig.resolve(set, node, options);
        for (FelixConfiguration fc : set.felixConfigurations()) {
            if (!fc.name().equals("default") && !fc.name().equals("node." + node)) {
                continue;
            }
            failsafeList(set, fc, "spec.failsafeInboundHostPorts", fc.failsafeInboundHostPorts(), fs.inbound(),
                    errors, warnings);
            failsafeList(set, fc, "spec.failsafeOutboundHostPorts", fc.failsafeOutboundHostPorts(), fs.outbound(),
                    errors, warnings);
        }
        for (FailsafePort p : Iterables.concat(options.inboundFailsafes().orElse(ImmutableList.of()),
                options.outboundFailsafes().orElse(ImmutableList.of()))) {
            if (p.port() == 0) {
                warnings.add(new Problem(Optional.empty(), Optional.empty(), "failsafe", portZeroLeftOut(p)));
            }
        }
    }

    private static void failsafeList(PolicySet set, FelixConfiguration fc, String field,
            Optional<ImmutableList<FailsafePort>> list, ImmutableList<FailsafePort> inForce,
            ImmutableList.Builder<Problem> errors, ImmutableList.Builder<Problem> warnings) {
        if (list.isEmpty()) {
            return;
        }
        for (int i = 0; i < list.get().size(); i++) {
            FailsafePort p = list.get().get(i);
            if (!p.felixAcceptsProtocol()) {
                errors.add(Enforceability.problem(set, fc, field + "[" + i + "].protocol", "Felix accepts only TCP"
                        + " and UDP failsafe ports and does not start with " + p.protocol() + " here"));
            } else if (p.port() == 0 && list.get() == inForce) {
                // Identity, not equality: FailsafeConfig hands out the very list of the configuration in force, and
                // an equal list in the overridden one must not warn.
                warnings.add(Enforceability.problem(set, fc, field + "[" + i + "].port", portZeroLeftOut(p)));
            }
        }
    }

    private static String portZeroLeftOut(FailsafePort p) {
        return "failsafe entry " + p.protocol() + ":0 names port 0, which no connection uses; it is left out";
    }
}

package io.hostwall.compiler;

import io.hostwall.compiler.chains.BaseChains;
import io.hostwall.compiler.chains.ChainSink;
import io.hostwall.compiler.chains.DispatchChains;
import io.hostwall.compiler.chains.EndpointChains;
import io.hostwall.compiler.chains.FailsafeChains;
import io.hostwall.compiler.chains.GroupMemo;
import io.hostwall.compiler.chains.Names;
import io.hostwall.compiler.chains.NodeChains;
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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** Above this many replaced policies a node is compiled afresh rather than patched. */
    private static final int PATCH_LIMIT = 64;

    private final CompileOptions options;
    private final Names names;
    private final ClusterCache cache;
    // Which way the last compile went, for tests that check the fast paths are taken (never read by the compiler).
    private volatile String lastRoute = "none";

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
        lastRoute = "refused";
        ImmutableList.Builder<Problem> errors = ImmutableList.builder();
        ImmutableList.Builder<Problem> warnings = ImmutableList.builder();
        ClusterCache.Addresses addresses = cache.addresses(set);
        ClusterCache.Plan plan = cache.plan(set, addresses);
        errors.addAll(plan.errors());
        PolicyPlanner planner = plan.planner();
        NodeScope scope = cache.scope(set, node, options, facts, addresses, warnings);

        Map<String, Profile> profiles = new TreeMap<>();
        profiles.put(Profile.DEFAULT_ALLOW, Profile.defaultAllow());
        set.profiles().forEach(p -> profiles.put(p.name(), p));

        Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected = new java.util.LinkedHashMap<>();
        boolean profilesDefined = true;
        for (Binding b : scope.allBindings()) {
            ImmutableList<GlobalNetworkPolicy> policies = planner.selecting(b.hep());
            selected.put(b, policies);
            profilesDefined &= profiles.keySet().containsAll(b.hep().profiles());
            if (b.allInterfaces() && PolicyPlanner.any(policies, Stage.UNTRACKED)) {
                warnings.add(Enforceability.problem(set, b.hep(), "spec.interfaceName",
                        "doNotTrack policy is not supported on an all-interfaces (\"*\") host endpoint and is ignored there"));
            }
        }
        ImmutableList.Builder<Problem> failsafeErrors = ImmutableList.builder();
        failsafeChecks(set, node, failsafeErrors, warnings);
        ImmutableList<Problem> failsafeFound = failsafeErrors.build();

        MarkBits marks = MarkBits.allocate(options.markMask());
        AddressBook book = addresses.book();
        Function<SetRegistry, RuleCompiler> compilerFor = own -> new RuleCompiler(book, own, marks, options.logPrefix());
        Optional<ClusterCache.NodeMemo> previous = cache.claimLastNode();
        // A fresh node checks its policies' enforceability on the pool's threads while this one builds the endpoint
        // chains; a node that may be patched, or one already known to be wrong, is checked first.
        boolean checked = previous.isPresent() || !profilesDefined || !failsafeFound.isEmpty()
                || !plan.errors().isEmpty();
        if (checked) {
            check(set, selected, profiles, errors, failsafeFound);
        }
        Optional<Ruleset> patched = previous.flatMap(m -> patched(m, set, node, facts, addresses, selected,
                compilerFor, planner, profiles, marks));
        Ruleset ruleset;
        if (patched.isPresent()) {
            lastRoute = (plan.patched() ? "plan patched, " : "plan built, ")
                    + (patched.get() == previous.get().ruleset() ? "node unchanged" : "node patched");
            ruleset = patched.get();
            cache.keepLastNode(new ClusterCache.NodeMemo(node, facts, addresses, set.tiers(),
                    set.felixConfigurations(), selected, ruleset, previous.get().chains()));
        } else {
            lastRoute = (plan.patched() ? "plan patched, " : "plan built, ") + "node compiled";
            ChainSink sink = new ChainSink();
            SetRegistry sets = new SetRegistry(addresses.pool());
            PolicyChains policyChains = new PolicyChains(names, sink, sets, addresses.chains(), compilerFor);
            Preparation preparation = new Preparation(set, selected.values(), policyChains);
            FailsafeChains failsafes = new FailsafeChains(FailsafeConfig.resolve(set, node, options), names, sink);
            GroupMemo memo = new GroupMemo();
            EndpointChains endpoints = new EndpointChains(names, sink, marks, planner, policyChains, failsafes,
                    profiles, options.denyAction(), options.policyGroupThreshold(), memo);
            Map<Binding, EndpointChains.BindingChains> bound = new java.util.LinkedHashMap<>();
            selected.forEach((b, policies) -> bound.put(b, endpoints.bind(b, policies)));
            BaseChains.Dispatch dispatch = dispatch(bound.keySet(), b -> bound.get(b).targets(),
                    new DispatchChains(names, sink));
            preparation.finish();
            if (!checked) {
                check(set, selected, profiles, errors, failsafeFound); // the good policies are known by now
            }
            policyChains.defineRequested();
            ruleset = new Ruleset(node,
                    new BaseChains(names, marks, options.workloadInterfacePrefixes()).build(dispatch),
                    sink.all(), sets.all(), marks);
            cache.keepLastNode(new ClusterCache.NodeMemo(node, facts, addresses, set.tiers(),
                    set.felixConfigurations(), selected, ruleset,
                    new NodeChains(ruleset.chains(), ruleset.sets(), policyChains, bound, dispatch,
                            memo)));
        }
        return new CompiledNode(ruleset, warnings.build(), set, options, facts);
    }

    /**
     * The node's ruleset patched from the previous compile of the same node, or empty when a full compile is needed.
     * Patching is exact when everything the chains depend on is unchanged except the policies: the same node, facts,
     * endpoints, network sets and profiles (the same {@code Addresses} generation), tiers and Felix configurations,
     * and the same bindings. A binding whose selected policies are the same ones in the same order up to
     * replacements that keep the name, tier, stages and directions — everything an endpoint chain takes from a
     * policy (its jump target's name, which tier and stage it is in, which directions it governs) — keeps its
     * endpoint chains; any other change of a binding's selected policies (one added or deleted, a stage or order
     * changed) rebuilds that binding's endpoint chains alone, and the dispatch chains over them. NodeChains then
     * swaps the replaced policies' chains, brings in and drops policy and failsafe chains as the bindings now jump
     * to them, and keeps every other chain the very same object. JFR (issue 10): a recompile otherwise spent most of
     * its time rebuilding the endpoint chains, each with a jump per selected policy, and the policy chains.
     */
    private Optional<Ruleset> patched(ClusterCache.NodeMemo m, PolicySet set, String node, NodeFacts facts,
            ClusterCache.Addresses addresses, Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected,
            Function<SetRegistry, RuleCompiler> compilerFor, PolicyPlanner planner, Map<String, Profile> profiles,
            MarkBits marks) {
        if (!m.node().equals(node) || m.addresses() != addresses || !m.facts().equals(facts)
                || !m.tiers().equals(set.tiers()) || !m.felix().equals(set.felixConfigurations())
                || m.selected().size() != selected.size()) {
            return Optional.empty();
        }
        IdentityHashMap<GlobalNetworkPolicy, GlobalNetworkPolicy> replaced = new IdentityHashMap<>();
        List<Binding> rebuild = new ArrayList<>();
        Iterator<Map.Entry<Binding, ImmutableList<GlobalNetworkPolicy>>> before = m.selected().entrySet().iterator();
        for (Map.Entry<Binding, ImmutableList<GlobalNetworkPolicy>> now : selected.entrySet()) {
            Map.Entry<Binding, ImmutableList<GlobalNetworkPolicy>> was = before.next();
            if (!was.getKey().equals(now.getKey())) {
                return Optional.empty();
            }
            List<GlobalNetworkPolicy> a = was.getValue();
            List<GlobalNetworkPolicy> b = now.getValue();
            if (a == b) {
                continue;
            }
            Optional<Map<GlobalNetworkPolicy, GlobalNetworkPolicy>> swaps = replacements(a, b);
            if (swaps.isEmpty()) {
                rebuild.add(now.getKey());
                continue;
            }
            for (Map.Entry<GlobalNetworkPolicy, GlobalNetworkPolicy> e : swaps.get().entrySet()) {
                GlobalNetworkPolicy earlier = replaced.putIfAbsent(e.getKey(), e.getValue());
                if (earlier != null && earlier != e.getValue()) {
                    return Optional.empty();
                }
            }
        }
        if (replaced.isEmpty() && rebuild.isEmpty()) {
            return Optional.of(m.ruleset());
        }
        if (replaced.size() > PATCH_LIMIT) {
            return Optional.empty();
        }
        if (!replaced.isEmpty()) {
            for (List<GlobalNetworkPolicy> list : selected.values()) {
                for (GlobalNetworkPolicy p : list) {
                    if (replaced.containsKey(p)) {
                        return Optional.empty(); // still selected as itself elsewhere: its chains must stay
                    }
                }
            }
        }
        ChainSink scratch = new ChainSink();
        PolicyChains compiler = new PolicyChains(names, scratch, new SetRegistry(addresses.pool()),
                addresses.chains(), compilerFor);
        Map<Binding, EndpointChains.BindingChains> rebuilt = new java.util.LinkedHashMap<>();
        Optional<BaseChains.Dispatch> dispatch = Optional.empty();
        ImmutableList<io.hostwall.ir.BaseChain> base = m.ruleset().baseChains();
        if (!rebuild.isEmpty()) {
            FailsafeChains failsafes = new FailsafeChains(FailsafeConfig.resolve(set, node, options), names, scratch);
            EndpointChains endpoints = new EndpointChains(names, scratch, marks, planner, compiler, failsafes,
                    profiles, options.denyAction(), options.policyGroupThreshold(), m.chains().memo());
            for (Binding b : rebuild) {
                rebuilt.put(b, endpoints.bind(b, selected.get(b)));
            }
            BaseChains.Dispatch d = dispatch(selected.keySet(),
                    b -> rebuilt.containsKey(b) ? rebuilt.get(b).targets() : m.chains().targets(b),
                    new DispatchChains(names, scratch));
            dispatch = Optional.of(d);
            ImmutableList<io.hostwall.ir.BaseChain> built = new BaseChains(names, marks,
                    options.workloadInterfacePrefixes()).build(d);
            if (!built.equals(base)) {
                base = built;
            }
        }
        if (!m.chains().patch(replaced, rebuilt, dispatch, scratch, compiler)) {
            return Optional.empty();
        }
        return Optional.of(new Ruleset(node, base, m.chains().chains(), m.chains().sets(), m.ruleset().marks()));
    }

    /**
     * The replacements that turn {@code a} into {@code b} when they are the same policies in the same places up to
     * replacements of the same shape; empty otherwise.
     */
    private static Optional<Map<GlobalNetworkPolicy, GlobalNetworkPolicy>> replacements(List<GlobalNetworkPolicy> a,
            List<GlobalNetworkPolicy> b) {
        if (a.size() != b.size()) {
            return Optional.empty();
        }
        IdentityHashMap<GlobalNetworkPolicy, GlobalNetworkPolicy> out = new IdentityHashMap<>();
        for (int i = 0; i < a.size(); i++) {
            GlobalNetworkPolicy o = a.get(i);
            GlobalNetworkPolicy n = b.get(i);
            if (o == n) {
                continue;
            }
            GlobalNetworkPolicy earlier = out.putIfAbsent(o, n);
            if (earlier != null ? earlier != n : !sameShape(o, n)) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** {@return which way the last compile went: whether the plan and the node were patched (for tests)} */
    String lastRoute() {
        return lastRoute;
    }

    /** Whether an endpoint chain would jump to {@code n} exactly as it jumps to {@code o} (see {@link #patched}). */
    private static boolean sameShape(GlobalNetworkPolicy o, GlobalNetworkPolicy n) {
        return o.name().equals(n.name()) && o.tier().equals(n.tier()) && o.doNotTrack() == n.doNotTrack()
                && o.preDNAT() == n.preDNAT() && o.applyOnForward() == n.applyOnForward()
                && o.types().equals(n.types());
    }

    /** Checks every binding's policies and profiles, then the failsafe lists; throws when something is wrong. */
    private void check(PolicySet set, Map<Binding, ImmutableList<GlobalNetworkPolicy>> selected,
            Map<String, Profile> profiles, ImmutableList.Builder<Problem> errors, List<Problem> failsafeErrors)
            throws CompileException {
        selected.forEach((b, policies) -> checkEnforceable(set, b.hep(), policies, profiles, errors));
        errors.addAll(failsafeErrors);
        ImmutableList<Problem> found = errors.build();
        if (!found.isEmpty()) {
            throw new CompileException(found);
        }
    }

    /**
     * Checks and compiles the node's policies (their enforceability, and the chains their stages use with their
     * usual deny action) on the common pool's threads, started at construction, while the calling thread builds
     * the endpoint chains, which only name the policy chains; {@link #finish} then joins in. Compiling policy chains
     * is most of a fresh node's compile (JFR, issue 10), the endpoint chains most of the rest. The result does not
     * depend on the threads: a chain's rules and set names depend only on the policy and the address book, and a
     * policy that fails its check is left for the caller's sequential check, which reports it in order.
     */
    private final class Preparation {
        private final PolicySet set;
        private final List<GlobalNetworkPolicy> work;
        private final PolicyChains chains;
        private final AtomicInteger next = new AtomicInteger();
        private final List<ForkJoinTask<?>> helpers = new ArrayList<>();
        private final IrAction filterDeny = options.denyAction() == DenyAction.REJECT ? new IrAction.Reject()
                : new IrAction.Drop();

        Preparation(PolicySet set, Collection<ImmutableList<GlobalNetworkPolicy>> selected, PolicyChains chains) {
            this.set = set;
            this.chains = chains;
            Set<GlobalNetworkPolicy> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            selected.forEach(distinct::addAll);
            this.work = List.copyOf(distinct);
            if (work.size() >= PARALLEL_THRESHOLD) {
                ForkJoinPool pool = ForkJoinPool.commonPool();
                for (int i = 0; i < Math.max(1, pool.getParallelism()); i++) {
                    helpers.add(pool.submit(this::run));
                }
            }
        }

        private void run() {
            for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
                prepare(work.get(i));
            }
        }

        private void prepare(GlobalNetworkPolicy p) {
            if (!cache.knownEnforceable(p)) {
                ImmutableList.Builder<Problem> found = ImmutableList.builder();
                Enforceability.check(set, p, "ingress", p.ingress(), found);
                Enforceability.check(set, p, "egress", p.egress(), found);
                if (!found.build().isEmpty()) {
                    return;
                }
                cache.enforceable(p);
            }
            boolean tracked = !p.doNotTrack() && !p.preDNAT();
            IrAction deny = tracked ? filterDeny : new IrAction.Drop();
            for (Direction d : Direction.values()) {
                if (p.governs(d)) {
                    chains.prepare(p, d, deny, false);
                }
            }
        }

        /** Does what is left on the calling thread, then waits for the helpers. */
        void finish() {
            run();
            helpers.forEach(ForkJoinTask::join);
        }
    }

    /** The dispatch chains over the bindings' endpoint chains (the {@code *} binding, if any, last). */
    private BaseChains.Dispatch dispatch(Collection<Binding> bindings,
            Function<Binding, EndpointChains.Targets> targetsOf, DispatchChains dc) {
        List<String> wl = options.workloadInterfacePrefixes();
        Map<String, String> rawFrom = new TreeMap<>();
        Map<String, String> rawTo = new TreeMap<>();
        Map<String, String> pre = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        Map<String, String> to = new TreeMap<>();
        Map<String, String> fromFw = new TreeMap<>();
        Map<String, String> toFw = new TreeMap<>();
        Map<String, String> mangleTo = new TreeMap<>();
        Optional<EndpointChains.Targets> all = Optional.empty();
        for (Binding b : bindings) {
            EndpointChains.Targets t = targetsOf.apply(b);
            if (b.allInterfaces()) {
                all = Optional.of(t);
                continue;
            }
            t.rawFrom().ifPresent(c -> rawFrom.put(b.iface(), c));
            t.rawTo().ifPresent(c -> rawTo.put(b.iface(), c));
            t.preDnat().ifPresent(c -> pre.put(b.iface(), c));
            from.put(b.iface(), t.from());
            to.put(b.iface(), t.to());
            fromFw.put(b.iface(), t.fromForward());
            toFw.put(b.iface(), t.toForward());
            mangleTo.put(b.iface(), t.mangleTo());
        }
        return new BaseChains.Dispatch(
                dc.define("raw-from-hep", InterfaceDirection.IN, rawFrom, List.of(), Optional.empty()),
                dc.define("raw-to-hep", InterfaceDirection.OUT, rawTo, List.of(), Optional.empty()),
                dc.define("pre-from-hep", InterfaceDirection.IN, pre, List.of(),
                        all.flatMap(EndpointChains.Targets::preDnat)),
                dc.define("from-hep", InterfaceDirection.IN, from, List.of(), all.map(EndpointChains.Targets::from)),
                dc.define("to-hep", InterfaceDirection.OUT, to, List.of(), all.map(EndpointChains.Targets::to)),
                dc.define("from-hep-fwd", InterfaceDirection.IN, fromFw, List.of(),
                        all.map(EndpointChains.Targets::fromForward)),
                dc.define("to-hep-fwd", InterfaceDirection.OUT, toFw, List.of(),
                        all.map(EndpointChains.Targets::toForward)),
                dc.define("mangle-to-hep", InterfaceDirection.OUT, mangleTo, wl,
                        all.map(EndpointChains.Targets::mangleTo)));
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

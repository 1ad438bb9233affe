package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.RuleRef.Owner;
import io.hostwall.model.Direction;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Profile;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.selector.Global;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the {@link NodePlan}: interface binding, per-endpoint stage plans, failsafes; collects input problems. */
final class NodePlanner {
    private static final Comparator<GlobalNetworkPolicy> POLICY_ORDER = Comparator
            .comparingDouble((GlobalNetworkPolicy p) -> p.order().isPresent() ? p.order().getAsDouble() + 0.0
                    : Double.POSITIVE_INFINITY)
            .thenComparing(GlobalNetworkPolicy::name);
    private static final Comparator<Tier> TIER_ORDER = Comparator
            .comparingDouble((Tier t) -> t.order().isPresent() ? t.order().getAsDouble() + 0.0
                    : Double.POSITIVE_INFINITY)
            .thenComparing(Tier::name);

    private final PolicySet set;
    private final String node;
    private final CompileOptions options;
    private final NodeFacts facts;
    private final Map<String, Profile> profiles = new HashMap<>();
    private final Map<String, Tier> tiers = new HashMap<>();
    private final ImmutableMap<String, ImmutableMap<String, String>> labels;
    private final AddressResolver resolver;
    private final Map<GlobalNetworkPolicy, Map<Direction, RuleList>> compiledPolicies = new IdentityHashMap<>();
    private final List<String> problems = new ArrayList<>();

    NodePlanner(PolicySet set, String node, CompileOptions options, NodeFacts facts) {
        this.set = set;
        this.node = node;
        this.options = options;
        this.facts = facts;
        profiles.put(Profile.DEFAULT_ALLOW, Profile.defaultAllow());
        // A manifest of the same name replaces the built-in (it is what the user wrote).
        set.profiles().forEach(p -> profiles.put(p.name(), p));
        tiers.put(Tier.DEFAULT, Tier.defaultTier());
        set.tiers().forEach(t -> tiers.put(t.name(), t));
        Map<String, ImmutableMap<String, String>> byName = new HashMap<>();
        set.hostEndpoints().forEach(h -> byName.put(h.name(), HepLabels.of(h, profiles)));
        this.labels = ImmutableMap.copyOf(byName);
        this.resolver = new AddressResolver(set.hostEndpoints(), labels, set.globalNetworkSets());
    }

    /** @throws OracleInputException when the set holds what the compiler rejects for this node */
    NodePlan plan() {
        NodePlan base = new NodePlan(ImmutableMap.of(), Optional.empty(), options.workloadInterfacePrefixes(),
                Failsafes.resolve(set, node, options));
        List<HostEndpoint> local = set.hostEndpoints().stream().filter(h -> h.node().equals(node)).toList();
        // PolicySet lists are sorted by name, so the first candidate is the alphabetically first.
        Optional<HostEndpoint> all = local.stream().filter(HostEndpoint::isAllInterfaces).findFirst();
        Map<String, HostEndpoint> owners = new TreeMap<>();
        for (HostEndpoint h : local) {
            if (h.isAllInterfaces()) {
                continue;
            }
            for (String iface : interfacesOf(h)) {
                if (!base.isWorkload(iface)) {
                    owners.putIfAbsent(iface, h);
                }
            }
        }
        Map<String, HepPlan> plans = new HashMap<>();
        ImmutableMap.Builder<String, HepPlan> byInterface = ImmutableMap.builder();
        owners.forEach((iface, h) -> byInterface.put(iface, plans.computeIfAbsent(h.name(), n -> planFor(h))));
        Optional<HepPlan> allPlan = all.map(this::planFor);
        checkFailsafeProtocols();
        if (!problems.isEmpty()) {
            throw new OracleInputException(ImmutableList.copyOf(problems));
        }
        return new NodePlan(byInterface.build(), allPlan, base.workloadPrefixes(), base.failsafes());
    }

    /**
     * FR §5: a named endpoint owns its interface; an endpoint with only expectedIPs owns every interface the host
     * facts give one of those addresses (a different non-empty interfaceName never matches by IP).
     */
    private List<String> interfacesOf(HostEndpoint h) {
        if (h.interfaceName().isPresent()) {
            return List.of(h.interfaceName().get());
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ImmutableList<InetAddress>> e : facts.interfaces().entrySet()) {
            if (e.getValue().stream().anyMatch(h.expectedIPs()::contains)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Felix does not start when a failsafe list of its {@code default} or {@code node.<node>} configuration holds
     * anything but tcp and udp (die-on-fail parameters), so there is no verdict to give.
     */
    private void checkFailsafeProtocols() {
        for (io.hostwall.model.FelixConfiguration fc : set.felixConfigurations()) {
            if (!fc.name().equals("default") && !fc.name().equals("node." + node)) {
                continue;
            }
            for (var list : List.of(fc.failsafeInboundHostPorts(), fc.failsafeOutboundHostPorts())) {
                list.orElse(ImmutableList.of()).stream()
                        .filter(p -> !p.felixAcceptsProtocol())
                        .forEach(p -> problems.add("FelixConfiguration \"" + fc.name() + "\": failsafe " + p
                                + ": Felix accepts only TCP and UDP failsafe ports"));
            }
        }
    }

    private HepPlan planFor(HostEndpoint h) {
        ImmutableMap<String, String> hepLabels = labels.get(h.name());
        List<GlobalNetworkPolicy> applicable = set.globalNetworkPolicies().stream()
                .filter(p -> p.namespaceSelector().isEmpty() && p.serviceAccountSelector().isEmpty())
                .filter(p -> p.selector().matches(hepLabels))
                .toList();
        applicable.forEach(this::check);
        Map<Stage, ImmutableList<TierRun>> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            // doNotTrack on the * endpoint is ignored (FR §4.5).
            if (stage.kind() == Stage.Kind.UNTRACKED && h.isAllInterfaces()) {
                continue;
            }
            stages.put(stage, tiersFor(stage, applicable));
        }
        Map<Direction, ImmutableList<RuleList>> profileRules = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            ImmutableList.Builder<RuleList> lists = ImmutableList.builder();
            for (String name : h.profiles()) {
                Profile p = profiles.get(name);
                if (p == null) {
                    problems.add("HostEndpoint \"" + h.name() + "\" spec.profiles: profile \"" + name
                            + "\" is not defined");
                    continue;
                }
                lists.add(new RuleList(name,
                        CompiledRule.all(Owner.PROFILE, name, Optional.empty(), d, p.rules(d), resolver)));
            }
            profileRules.put(d, lists.build());
        }
        h.profiles().stream().map(profiles::get).filter(p -> p != null).distinct().forEach(this::check);
        return new HepPlan(h, ImmutableMap.copyOf(stages), ImmutableMap.copyOf(profileRules),
                !h.isAllInterfaces() && applicable.stream().anyMatch(GlobalNetworkPolicy::doNotTrack),
                applicable.stream().anyMatch(GlobalNetworkPolicy::preDNAT),
                applicable.stream().anyMatch(p -> inStage(p, Stage.Kind.FORWARD)));
    }

    /** SEMANTICS §2: the tiers that take part in one stage+direction, each with its policies, in order. */
    private ImmutableList<TierRun> tiersFor(Stage stage, List<GlobalNetworkPolicy> applicable) {
        Map<String, List<GlobalNetworkPolicy>> byTier = new LinkedHashMap<>();
        for (GlobalNetworkPolicy p : applicable) {
            if (inStage(p, stage.kind()) && p.governs(stage.direction()) && tiers.containsKey(p.tier())) {
                byTier.computeIfAbsent(p.tier(), t -> new ArrayList<>()).add(p);
            }
        }
        return byTier.keySet().stream().map(tiers::get).sorted(TIER_ORDER)
                .map(t -> new TierRun(t.name(), t.defaultAction(), byTier.get(t.name()).stream()
                        .sorted(POLICY_ORDER).map(p -> compiled(p).get(stage.direction()))
                        .collect(ImmutableList.toImmutableList())))
                .collect(ImmutableList.toImmutableList());
    }

    static boolean inStage(GlobalNetworkPolicy p, Stage.Kind kind) {
        return switch (kind) {
            case UNTRACKED -> p.doNotTrack();
            case PRE_DNAT -> p.preDNAT();
            case NORMAL -> !p.doNotTrack() && !p.preDNAT();
            case FORWARD -> p.applyOnForward() && !p.doNotTrack() && !p.preDNAT();
        };
    }

    private Map<Direction, RuleList> compiled(GlobalNetworkPolicy p) {
        return compiledPolicies.computeIfAbsent(p, policy -> {
            Map<Direction, RuleList> m = new EnumMap<>(Direction.class);
            for (Direction d : Direction.values()) {
                m.put(d, new RuleList(policy.name(), CompiledRule.all(Owner.POLICY, policy.name(),
                        Optional.of(policy.tier()), d, policy.rules(d), resolver)));
            }
            return m;
        });
    }

    private void check(GlobalNetworkPolicy p) {
        if (!tiers.containsKey(p.tier())) {
            problems.add("GlobalNetworkPolicy \"" + p.name() + "\" spec.tier: tier \"" + p.tier()
                    + "\" is not defined");
        }
        checkRules("GlobalNetworkPolicy \"" + p.name() + "\"", p.ingress(), p.egress());
    }

    private void check(Profile p) {
        checkRules("Profile \"" + p.name() + "\"", p.ingress(), p.egress());
    }

    /** SEMANTICS §3: fields a host endpoint cannot enforce make the compile fail. */
    private void checkRules(String owner, List<Rule> ingress, List<Rule> egress) {
        for (Direction d : Direction.values()) {
            List<Rule> rules = d == Direction.INGRESS ? ingress : egress;
            for (int i = 0; i < rules.size(); i++) {
                String path = owner + " spec." + (d == Direction.INGRESS ? "ingress" : "egress") + "[" + i + "]";
                Rule r = rules.get(i);
                if (r.http().isPresent()) {
                    problems.add(path + ".http: not enforceable on a host endpoint");
                }
                checkSide(path + ".source", r.source());
                checkSide(path + ".destination", r.destination());
            }
        }
    }

    private void checkSide(String path, EntityRule side) {
        if (side.namespaceSelector().filter(s -> !(s.ast() instanceof Global)).isPresent()) {
            problems.add(path + ".namespaceSelector: only global() is enforceable on a host endpoint");
        }
        if (side.serviceAccounts().isPresent()) {
            problems.add(path + ".serviceAccounts: not enforceable on a host endpoint");
        }
        if (side.services().isPresent()) {
            problems.add(path + ".services: not enforceable on a host endpoint");
        }
    }
}

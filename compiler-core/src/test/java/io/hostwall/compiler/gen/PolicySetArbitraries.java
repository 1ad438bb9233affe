package io.hostwall.compiler.gen;

import static io.hostwall.compiler.gen.Universe.ICMP_CODES;
import static io.hostwall.compiler.gen.Universe.ICMP_TYPES_V4;
import static io.hostwall.compiler.gen.Universe.ICMP_TYPES_V6;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.chains.PolicyGroups;
import io.hostwall.model.Action;
import io.hostwall.net.Cidr;
import io.hostwall.model.Direction;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.EntityRule;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.IcmpMatch;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Profile;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import io.hostwall.selector.Selector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Small random but valid {@link PolicySet}s for node {@code node1} (plus endpoints on {@code node2} that rule
 * selectors can resolve to), over the {@link Universe}. Valid means: the loader would produce exactly this set from
 * {@link ManifestJson#of} (a property checks it) and the compiler accepts it (defined tiers and profiles, nothing
 * unenforceable). Everything shrinks.
 *
 * <p>What appears: tiers with Pass/Deny defaults, orders, missing orders and ties; policies of every flavour (normal,
 * applyOnForward, doNotTrack, preDNAT) with explicit or derived types, sometimes none of their rules; all rule fields
 * (protocol and notProtocol by name and number, ipVersion, icmp, notICMP, nets and notNets of either family,
 * selector and notSelector, ports and notPorts with ranges and named ports); profiles including
 * {@code projectcalico-default-allow} and labelsToApply; named endpoints on eth0/eth1, contested eth0, an
 * all-interfaces endpoint, an expectedIPs-only endpoint, expectedIPs of both families, named ports; network sets;
 * FelixConfiguration failsafe overrides including empty lists.
 */
public final class PolicySetArbitraries {
    private PolicySetArbitraries() {}

    private static final List<EndpointPort> NAMED_PORTS = List.of(
            new EndpointPort("http", Protocol.TCP, 8080), new EndpointPort("http", Protocol.TCP, 80),
            new EndpointPort("dns", Protocol.UDP, 53), new EndpointPort("dns", Protocol.TCP, 53),
            new EndpointPort("metrics", Protocol.SCTP, 9100));
    private static final List<FailsafePort> FAILSAFES = List.of(
            Models.failsafe(Protocol.TCP, 22), Models.failsafe(Protocol.TCP, 80),
            Models.failsafe(Protocol.UDP, 53), Models.failsafe(Protocol.UDP, 68),
            Models.failsafe(Protocol.TCP, 443, "10.0.0.0/16"), Models.failsafe(Protocol.TCP, 8080, "fd00::/16"),
            Models.failsafe(Protocol.UDP, 9100));

    /** The main entry point: a whole valid policy set. */
    public static Arbitrary<PolicySet> policySets() {
        return Combinators.combine(tiers(), profiles(), networkSets(), felixConfigurations())
                .flatAs((tiers, profiles, sets, felix) -> {
                    List<String> tierNames = new ArrayList<>(List.of(Tier.DEFAULT));
                    tiers.forEach(t -> tierNames.add(t.name()));
                    List<String> profileNames = new ArrayList<>(List.of(Profile.DEFAULT_ALLOW));
                    profiles.forEach(p -> profileNames.add(p.name()));
                    return Combinators.combine(endpoints(profileNames), policies(tierNames)).as((heps, gnps) -> {
                        List<Resource> all = new ArrayList<>();
                        all.addAll(tiers);
                        all.addAll(profiles);
                        all.addAll(sets);
                        all.addAll(felix);
                        all.addAll(heps);
                        all.addAll(gnps);
                        return PolicySet.of(all);
                    });
                });
    }

    // ---- tiers, profiles, sets, FelixConfiguration

    public static Arbitrary<List<Tier>> tiers() {
        Arbitrary<OptionalDouble> order = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(OptionalDouble.empty())),
                Tuple.of(3, Arbitraries.of(1.0, 10.0, 10.0, 2_000_000.0).map(OptionalDouble::of)));
        Arbitrary<TierAction> action = Arbitraries.of(TierAction.values());
        Arbitrary<Tier> a = Combinators.combine(order, action)
                .as((o, d) -> new Tier("tier-a", ImmutableSortedMap.of(), o, d));
        Arbitrary<Tier> b = Combinators.combine(order, action)
                .as((o, d) -> new Tier("tier-b", ImmutableSortedMap.of(), o, d));
        return Combinators.combine(a, b, Arbitraries.integers().between(0, 2))
                .as((x, y, n) -> List.of(x, y).subList(0, n));
    }

    public static Arbitrary<List<Profile>> profiles() {
        Arbitrary<Profile> a = profile("prof-a");
        Arbitrary<Profile> b = profile("prof-b");
        return Combinators.combine(a, b, Arbitraries.integers().between(0, 2))
                .as((x, y, n) -> List.of(x, y).subList(0, n));
    }

    private static Arbitrary<Profile> profile(String name) {
        return Combinators.combine(rules().list().ofMaxSize(2), rules().list().ofMaxSize(2), labels())
                .as((in, out, labels) -> new Profile(name, ImmutableSortedMap.of(), ImmutableList.copyOf(in),
                        ImmutableList.copyOf(out), labels));
    }

    public static Arbitrary<List<GlobalNetworkSet>> networkSets() {
        Arbitrary<List<Cidr>> nets = Arbitraries.of(concat(Universe.NETS_V4, Universe.NETS_V6)).map(Models::cidr)
                .list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<GlobalNetworkSet> a = Combinators.combine(labels(), nets)
                .as((l, n) -> new GlobalNetworkSet("gns-a", l, ImmutableList.copyOf(n)));
        Arbitrary<GlobalNetworkSet> b = Combinators.combine(labels(), nets)
                .as((l, n) -> new GlobalNetworkSet("gns-b", l, ImmutableList.copyOf(n)));
        return Combinators.combine(a, b, Arbitraries.integers().between(0, 2))
                .as((x, y, n) -> List.of(x, y).subList(0, n));
    }

    public static Arbitrary<List<FelixConfiguration>> felixConfigurations() {
        Arbitrary<Optional<ImmutableList<FailsafePort>>> list = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Arbitraries.just(Optional.of(ImmutableList.of()))),
                Tuple.of(3, Arbitraries.of(FAILSAFES).list().ofMinSize(1).ofMaxSize(3).uniqueElements()
                        .map(l -> Optional.of(ImmutableList.copyOf(l)))));
        Arbitrary<FelixConfiguration> global = Combinators.combine(list, list)
                .as((in, out) -> new FelixConfiguration("default", ImmutableSortedMap.of(), in, out));
        Arbitrary<FelixConfiguration> perNode = Combinators.combine(list, list)
                .as((in, out) -> new FelixConfiguration("node." + Universe.NODE, ImmutableSortedMap.of(), in, out));
        return Combinators.combine(global, perNode, Arbitraries.of(0, 0, 0, 1, 2, 3))
                .as((g, n, which) -> switch (which) {
                    case 1 -> List.of(g);
                    case 2 -> List.of(n);
                    case 3 -> List.of(g, n);
                    default -> List.<FelixConfiguration>of();
                });
    }

    // ---- host endpoints

    /** node1's endpoints (some of them) and one or two on node2. */
    public static Arbitrary<List<HostEndpoint>> endpoints(List<String> profileNames) {
        Arbitrary<Optional<HostEndpoint>> eth0 = hep("node1-eth0", Universe.NODE, Optional.of(Universe.ETH0),
                List.of(Universe.NODE1_ETH0_V4, Universe.NODE1_ETH0_V6), profileNames).optional(0.85);
        Arbitrary<Optional<HostEndpoint>> eth1 = hep("node1-eth1", Universe.NODE, Optional.of(Universe.ETH1),
                List.of(Universe.NODE1_ETH1_V4, Universe.NODE1_ETH1_V6), profileNames).optional(0.5);
        Arbitrary<Optional<HostEndpoint>> all = hep("node1-all", Universe.NODE, Optional.of(HostEndpoint.ALL_INTERFACES),
                List.of(Universe.NODE1_ETH0_V4, Universe.NODE1_ETH0_V6), profileNames).optional(0.3);
        // Contests eth0 and loses to node1-eth0 by name when both exist.
        Arbitrary<Optional<HostEndpoint>> eth0b = hep("node1-eth0-b", Universe.NODE, Optional.of(Universe.ETH0),
                List.of(Universe.NODE1_ETH0_V4), profileNames).optional(0.1);
        // Binds through host facts only (none by default: then it polices nothing, but its labels and IPs
        // resolve). With Universe.HOST_FACTS it polices every interface holding one of its addresses, and wins eth0
        // from node1-eth0 by name.
        Arbitrary<Optional<HostEndpoint>> byIp = hep("node1-by-ip", Universe.NODE, Optional.empty(),
                List.of(Universe.NODE1_ETH0_V6, Universe.NODE1_ETH1_V4), profileNames).optional(0.3);
        Arbitrary<Optional<HostEndpoint>> node2 = hep("node2-eth0", Universe.OTHER_NODE, Optional.of(Universe.ETH0),
                List.of(Universe.NODE2_V4, Universe.NODE2_V6), profileNames).optional(0.9);
        Arbitrary<Optional<HostEndpoint>> node2All = hep("node2-all", Universe.OTHER_NODE,
                Optional.of(HostEndpoint.ALL_INTERFACES), List.of(Universe.PEER_V4, Universe.PEER_V6), profileNames)
                .optional(0.4);
        return Combinators.combine(eth0, eth1, all, eth0b, byIp, node2, node2All)
                .as((a, b, c, d, e, f, g) -> {
                    List<HostEndpoint> out = new ArrayList<>();
                    for (Optional<HostEndpoint> h : List.of(a, b, c, d, e, f, g)) {
                        h.ifPresent(out::add);
                    }
                    return out;
                });
    }

    private static Arbitrary<HostEndpoint> hep(String name, String node, Optional<String> iface, List<String> ips,
            List<String> profileNames) {
        Arbitrary<List<String>> expected = Arbitraries.subsetOf(ips).map(s -> ips.stream().filter(s::contains)
                .toList());
        if (iface.isEmpty()) {
            expected = expected.filter(l -> !l.isEmpty());
        }
        Arbitrary<List<String>> profiles = Arbitraries.of(profileNames).list().ofMaxSize(2).uniqueElements();
        Arbitrary<List<EndpointPort>> ports = Arbitraries.of(NAMED_PORTS).list().ofMaxSize(2)
                .uniqueElements(EndpointPort::name);
        return Combinators.combine(labels(), expected, profiles, ports).as((l, e, p, np) -> new HostEndpoint(name, l,
                node, iface, e.stream().map(Models::ip).collect(ImmutableList.toImmutableList()),
                ImmutableList.copyOf(p), ImmutableList.copyOf(np)));
    }

    public static Arbitrary<ImmutableSortedMap<String, String>> labels() {
        Arbitrary<Optional<String>> value = Arbitraries.of(Universe.LABEL_VALUES).optional(0.5);
        return Combinators.combine(value, value, value).as((a, b, c) -> {
            Map<String, String> m = new TreeMap<>();
            List<Optional<String>> values = List.of(a, b, c);
            for (int i = 0; i < values.size(); i++) {
                int k = i;
                values.get(i).ifPresent(v -> m.put(Universe.LABEL_KEYS.get(k), v));
            }
            return ImmutableSortedMap.copyOf(m);
        });
    }

    // ---- policies

    private enum Flavour {
        NORMAL,
        APPLY_ON_FORWARD,
        DO_NOT_TRACK,
        PRE_DNAT
    }

    /** Up to six policies named p0..p5, in the given tiers. */
    public static Arbitrary<List<GlobalNetworkPolicy>> policies(List<String> tierNames) {
        return policy(tierNames).list().ofMaxSize(6).map(list -> {
            List<GlobalNetworkPolicy> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                named.add(renamed(list.get(i), "p" + i));
            }
            return named;
        });
    }

    private static Arbitrary<GlobalNetworkPolicy> policy(List<String> tierNames) {
        Arbitrary<Flavour> flavour = Arbitraries.frequency(Tuple.of(40, Flavour.NORMAL),
                Tuple.of(25, Flavour.APPLY_ON_FORWARD), Tuple.of(15, Flavour.DO_NOT_TRACK),
                Tuple.of(20, Flavour.PRE_DNAT));
        Arbitrary<OptionalDouble> order = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(OptionalDouble.empty())),
                Tuple.of(3, Arbitraries.of(1.0, 5.0, 5.0, 10.0, 100.0, 0.5).map(OptionalDouble::of)));
        Arbitrary<Optional<Selector>> namespaceSelector = Arbitraries.just(Selector.all()).optional(0.04);
        return flavour.flatMap(f -> Combinators.combine(Arbitraries.of(tierNames), order, selectors(),
                types(f), rules().list().ofMaxSize(3),
                f == Flavour.PRE_DNAT ? Arbitraries.just(List.<Rule>of()) : rules().list().ofMaxSize(3),
                namespaceSelector)
                .as((tier, o, sel, types, in, out, ns) -> new GlobalNetworkPolicy("p", ImmutableSortedMap.of(), tier,
                        o, sel, types.orElseGet(() -> derivedTypes(in, out)), ImmutableList.copyOf(in),
                        ImmutableList.copyOf(out), f == Flavour.DO_NOT_TRACK, f == Flavour.PRE_DNAT,
                        f != Flavour.NORMAL, ns, Optional.empty(), ImmutableSet.of())));
    }

    private static Arbitrary<Optional<ImmutableSet<Direction>>> types(Flavour f) {
        Arbitrary<Optional<ImmutableSet<Direction>>> derived = Arbitraries.just(Optional.empty());
        Arbitrary<Optional<ImmutableSet<Direction>>> ingress = Arbitraries.just(
                Optional.of(ImmutableSet.of(Direction.INGRESS)));
        if (f == Flavour.PRE_DNAT) {
            return Arbitraries.frequencyOf(Tuple.of(3, derived), Tuple.of(1, ingress));
        }
        return Arbitraries.frequencyOf(Tuple.of(12, derived), Tuple.of(3, ingress),
                Tuple.of(2, Arbitraries.just(Optional.of(ImmutableSet.of(Direction.EGRESS)))),
                Tuple.of(3, Arbitraries.just(Optional.of(ImmutableSet.of(Direction.INGRESS, Direction.EGRESS)))));
    }

    /** As the loader defaults {@code types}: the directions with rules; none at all means Ingress. */
    static ImmutableSet<Direction> derivedTypes(List<Rule> in, List<Rule> out) {
        if (!out.isEmpty() && in.isEmpty()) {
            return ImmutableSet.of(Direction.EGRESS);
        }
        return out.isEmpty() ? ImmutableSet.of(Direction.INGRESS) : ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
    }

    /**
     * Policy names for tests of grouped tiers ({@link PolicyGroups}): {@code perKind} names that start no group, then
     * {@code perKind} that start an inner group, then {@code perKind} that start an outer one. The generator's own
     * names p0..p5 start none.
     */
    public static List<String> groupStartingNames(int perKind) {
        List<String> plain = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        for (int i = 0; plain.size() < perKind || inner.size() < perKind || outer.size() < perKind; i++) {
            String n = "g" + i;
            List<String> kind = PolicyGroups.startsOuter(n) ? outer : PolicyGroups.startsInner(n) ? inner : plain;
            if (kind.size() < perKind) {
                kind.add(n);
            }
        }
        List<String> all = new ArrayList<>(plain);
        all.addAll(inner);
        all.addAll(outer);
        return List.copyOf(all);
    }

    /**
     * {@code sets} with their policies renamed, in order, to six distinct names drawn from {@code names}.
     *
     * @param names at least six distinct names
     */
    public static Arbitrary<PolicySet> withPolicyNamesFrom(Arbitrary<PolicySet> sets, List<String> names) {
        return Combinators.combine(sets, Arbitraries.of(names).list().ofSize(6).uniqueElements()).as((set, picked) -> {
            List<GlobalNetworkPolicy> policies = new ArrayList<>();
            for (int i = 0; i < set.globalNetworkPolicies().size(); i++) {
                policies.add(renamed(set.globalNetworkPolicies().get(i), picked.get(i)));
            }
            return new PolicySet(ImmutableList.copyOf(policies), set.hostEndpoints(), set.globalNetworkSets(),
                    set.profiles(), set.tiers(), set.felixConfigurations(), ImmutableMap.of());
        });
    }

    private static GlobalNetworkPolicy renamed(GlobalNetworkPolicy p, String name) {
        return new GlobalNetworkPolicy(name, p.labels(), p.tier(), p.order(), p.selector(), p.types(), p.ingress(),
                p.egress(), p.doNotTrack(), p.preDNAT(), p.applyOnForward(), p.namespaceSelector(),
                p.serviceAccountSelector(), p.performanceHints());
    }

    public static Arbitrary<Selector> selectors() {
        return Arbitraries.of(Universe.SELECTORS).map(Selector::parse);
    }

    // ---- rules

    /**
     * Valid rules: numeric ports only with TCP/UDP/SCTP, named ports also without a protocol, ICMP fields only with
     * an ICMP protocol (notICMP also without one), nets of one family matching ipVersion and the ICMP protocol's
     * family, no catch-all notNets.
     */
    public static Arbitrary<Rule> rules() {
        Arbitrary<Optional<Protocol>> protocol = Arbitraries.frequencyOf(
                Tuple.of(35, Arbitraries.just(Optional.<Protocol>empty())),
                Tuple.of(20, Arbitraries.just(Optional.of(Protocol.TCP))),
                Tuple.of(15, Arbitraries.just(Optional.of(Protocol.UDP))),
                Tuple.of(8, Arbitraries.just(Optional.of(Protocol.ICMP))),
                Tuple.of(6, Arbitraries.just(Optional.of(Protocol.ICMPV6))),
                Tuple.of(5, Arbitraries.just(Optional.of(Protocol.SCTP))),
                Tuple.of(3, Arbitraries.just(Optional.of(new Protocol(47)))),
                Tuple.of(2, Arbitraries.just(Optional.of(Protocol.UDPLITE))));
        return protocol.flatMap(proto -> {
            Optional<IpFamily> implied = proto.filter(Protocol::isIcmp).map(p -> IpFamily.V4)
                    .or(() -> proto.filter(Protocol::isIcmpV6).map(p -> IpFamily.V6));
            Arbitrary<IpFamily> netFamily = implied.map(Arbitraries::just)
                    .orElseGet(() -> Arbitraries.of(IpFamily.values()));
            return netFamily.flatMap(family -> Combinators.combine(
                    actions(), ipVersion(family), notProtocol(family), icmp(proto, family), notIcmp(proto, family),
                    side(proto, family), side(proto, family))
                    .as((action, version, notProto, icmp, notIcmp, src, dst) -> new Rule(action, proto, notProto,
                            version, icmp, notIcmp, src, dst, Optional.empty(), ImmutableSortedMap.of())));
        });
    }

    private static Arbitrary<Action> actions() {
        return Arbitraries.frequency(Tuple.of(35, Action.ALLOW), Tuple.of(30, Action.DENY), Tuple.of(15, Action.LOG),
                Tuple.of(20, Action.PASS));
    }

    private static Arbitrary<Optional<IpFamily>> ipVersion(IpFamily family) {
        return Arbitraries.just(family).optional(0.3);
    }

    /** Any protocol; ICMP/ICMPv6 only in their own family (so that ipVersion, if set, agrees). */
    private static Arbitrary<Optional<Protocol>> notProtocol(IpFamily family) {
        Protocol icmp = family == IpFamily.V4 ? Protocol.ICMP : Protocol.ICMPV6;
        return Arbitraries.of(Protocol.TCP, Protocol.UDP, icmp, new Protocol(47)).optional(0.2);
    }

    private static Arbitrary<Optional<IcmpMatch>> icmp(Optional<Protocol> proto, IpFamily family) {
        if (proto.filter(p -> p.isIcmp() || p.isIcmpV6()).isEmpty()) {
            return Arbitraries.just(Optional.empty());
        }
        return icmpMatch(family).optional(0.5);
    }

    private static Arbitrary<Optional<IcmpMatch>> notIcmp(Optional<Protocol> proto, IpFamily family) {
        if (proto.isPresent() && !proto.get().isIcmp() && !proto.get().isIcmpV6()) {
            return Arbitraries.just(Optional.empty());
        }
        return icmpMatch(family).optional(0.2);
    }

    private static Arbitrary<IcmpMatch> icmpMatch(IpFamily family) {
        List<Integer> types = family == IpFamily.V4 ? ICMP_TYPES_V4 : ICMP_TYPES_V6;
        return Combinators.combine(Arbitraries.of(types), Arbitraries.of(ICMP_CODES).optional(0.4))
                .as((t, c) -> new IcmpMatch(OptionalInt.of(t), c.map(OptionalInt::of).orElse(OptionalInt.empty())));
    }

    private static Arbitrary<EntityRule> side(Optional<Protocol> proto, IpFamily family) {
        List<String> nets = family == IpFamily.V4 ? Universe.NETS_V4 : Universe.NETS_V6;
        List<String> notNets = nets.stream().filter(n -> !Models.cidr(n).isCatchAll()).toList();
        Arbitrary<List<Cidr>> netList = Arbitraries.of(nets).map(Models::cidr).list().ofMinSize(1).ofMaxSize(2)
                .uniqueElements().optional(0.25).map(o -> o.orElse(List.of()));
        Arbitrary<List<Cidr>> notNetList = Arbitraries.of(notNets).map(Models::cidr).list().ofMinSize(1).ofMaxSize(2)
                .uniqueElements().optional(0.12).map(o -> o.orElse(List.of()));
        return Combinators.combine(netList, notNetList, selectors().optional(0.2), selectors().optional(0.1),
                        ports(proto, 0.35), ports(proto, 0.12))
                .as((n, nn, sel, notSel, ports, notPorts) -> new EntityRule(ImmutableList.copyOf(n),
                        ImmutableList.copyOf(nn), sel, notSel, Optional.empty(), ImmutableList.copyOf(ports),
                        ImmutableList.copyOf(notPorts), Optional.empty(), Optional.empty()));
    }

    private static Arbitrary<List<PortSpec>> ports(Optional<Protocol> proto, double presence) {
        Arbitrary<PortSpec> named = Arbitraries.of("http", "dns", "metrics").map(PortSpec.NamedPort::new);
        Arbitrary<PortSpec> spec;
        if (proto.isEmpty()) {
            spec = named;
            presence = presence / 3;
        } else if (proto.get().supportsPorts()) {
            spec = Arbitraries.frequencyOf(
                    Tuple.of(7, Arbitraries.of(Universe.PORTS).map(PortSpec::port)),
                    Tuple.of(2, Arbitraries.of(Universe.RANGES).map(Models.SideBuilder::port)),
                    Tuple.of(2, named));
        } else {
            return Arbitraries.just(List.of());
        }
        return spec.list().ofMinSize(1).ofMaxSize(3).uniqueElements().optional(presence)
                .map(o -> o.orElse(List.of()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** For tests that need an address of the universe as an {@link InetAddress}. */
    public static InetAddress address(String text) {
        return Models.ip(text);
    }
}

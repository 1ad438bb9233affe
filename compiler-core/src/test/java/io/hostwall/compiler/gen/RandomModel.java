package io.hostwall.compiler.gen;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
import io.hostwall.model.Action;
import io.hostwall.model.Cidr;
import io.hostwall.model.Direction;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.EntityRule;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.IcmpMatch;
import io.hostwall.model.IpFamily;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Random but valid policy sets for node {@code node1} over a small universe of labels, addresses and ports, so
 * that generated rules and generated packets actually meet. Every feature the compiler handles appears: tiers with
 * Pass/Deny defaults and missing orders, all rule fields, every policy flag, profiles, named and {@code *}
 * endpoints, both families, network sets, failsafe overrides. Each generated set records what it used in
 * {@link #features}, for coverage statistics.
 */
public final class RandomModel {
    public static final List<String> V4 = List.of("10.0.0.1", "10.0.0.2", "10.0.1.1", "192.0.2.1", "192.0.2.9", "203.0.113.5");
    public static final List<String> V6 = List.of("fd00::1", "fd00::2", "fd00:1::1", "2001:db8::5");
    static final List<String> NETS4 = List.of("10.0.0.0/24", "10.0.0.0/16", "10.0.1.0/24", "192.0.2.0/28", "203.0.113.0/24", "10.0.0.2/32");
    static final List<String> NETS6 = List.of("fd00::/64", "fd00::/16", "2001:db8::/32", "fd00::2/128");
    public static final List<Integer> PORTS = List.of(22, 53, 68, 80, 443, 1500, 8080, 31852);
    public static final List<String> INTERFACES = List.of("eth0", "eth1", "cali1", "ens9");
    static final List<String> SELECTORS = List.of("all()", "has(role)", "role == 'a'", "role == 'b'", "env == 'x'",
            "!has(env)", "role in {'a', 'b'}");

    private final Random r;
    public final Set<String> features = new LinkedHashSet<>();

    public RandomModel(long seed) {
        this.r = new Random(seed);
    }

    public PolicySet policySet() {
        List<Resource> out = new ArrayList<>();
        List<Tier> tiers = new ArrayList<>();
        if (r.nextBoolean()) {
            tiers.add(new Tier("t1", ImmutableSortedMap.of(), r.nextBoolean() ? OptionalDouble.of(10) : OptionalDouble.empty(),
                    r.nextBoolean() ? TierAction.PASS : TierAction.DENY));
            feature("tier " + tiers.get(0).defaultAction());
        }
        if (r.nextInt(4) == 0) {
            tiers.add(new Tier("t2", ImmutableSortedMap.of(), OptionalDouble.of(r.nextBoolean() ? 10 : 5_000_000), TierAction.DENY));
            feature("second tier");
        }
        out.addAll(tiers);
        boolean customProfile = r.nextBoolean();
        if (customProfile) {
            out.add(new Profile("prof1", ImmutableSortedMap.of(), rules(r.nextInt(3), false), rules(r.nextInt(3), false),
                    r.nextBoolean() ? ImmutableSortedMap.of("env", "x") : ImmutableSortedMap.of()));
        }
        out.add(hep("h-eth0", "node1", "eth0", customProfile));
        if (r.nextBoolean()) {
            out.add(hep("h-eth1", "node1", "eth1", customProfile));
        }
        if (r.nextInt(3) == 0) {
            out.add(hep("h-star", "node1", "*", customProfile));
            feature("* endpoint");
        }
        out.add(hep("far", "node2", "eth0", false));
        if (r.nextBoolean()) {
            out.add(new GlobalNetworkSet("gns1", labels(), nets(r.nextBoolean() ? IpFamily.V4 : IpFamily.V6, 1 + r.nextInt(2))));
            feature("network set");
        }
        int policies = r.nextInt(6);
        for (int i = 0; i < policies; i++) {
            out.add(policy("p" + i, tiers));
        }
        if (r.nextInt(4) == 0) {
            ImmutableList<FailsafePort> in = r.nextBoolean() ? ImmutableList.of()
                    : ImmutableList.of(new FailsafePort(Protocol.TCP, 80, Optional.empty()),
                            new FailsafePort(Protocol.UDP, 53, r.nextBoolean() ? Optional.of(cidr("10.0.0.0/16")) : Optional.empty()));
            out.add(new FelixConfiguration("default", ImmutableSortedMap.of(), Optional.of(in),
                    r.nextBoolean() ? Optional.of(ImmutableList.of()) : Optional.empty()));
            feature("failsafe override");
        }
        return PolicySet.of(out);
    }

    private HostEndpoint hep(String name, String node, String iface, boolean customProfile) {
        List<InetAddress> ips = new ArrayList<>();
        if (r.nextInt(4) != 0) {
            ips.add(InetAddresses.forString(pick(V4)));
        }
        if (r.nextBoolean()) {
            ips.add(InetAddresses.forString(pick(V6)));
        }
        List<String> profiles = new ArrayList<>();
        if (r.nextInt(4) == 0) {
            profiles.add(Profile.DEFAULT_ALLOW);
            feature("default-allow profile");
        }
        if (customProfile && r.nextBoolean()) {
            profiles.add("prof1");
            feature("custom profile");
        }
        List<EndpointPort> ports = new ArrayList<>();
        if (r.nextBoolean()) {
            ports.add(new EndpointPort("web", Protocol.TCP, 80));
        }
        if (r.nextBoolean()) {
            ports.add(new EndpointPort("dns", Protocol.UDP, 53));
        }
        return new HostEndpoint(name, labels(), node, Optional.of(iface),
                ImmutableList.copyOf(ips.stream().distinct().toList()), ImmutableList.copyOf(profiles), ImmutableList.copyOf(ports));
    }

    private ImmutableSortedMap<String, String> labels() {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        if (r.nextInt(3) != 0) {
            b.put("role", r.nextBoolean() ? "a" : "b");
        }
        if (r.nextBoolean()) {
            b.put("env", "x");
        }
        return b.build();
    }

    private GlobalNetworkPolicy policy(String name, List<Tier> tiers) {
        int kind = r.nextInt(5); // 0,1 normal; 2 applyOnForward; 3 untracked; 4 pre-DNAT
        boolean untracked = kind == 3;
        boolean preDnat = kind == 4;
        boolean aof = kind >= 2;
        feature(new String[] {"normal", "normal", "applyOnForward", "doNotTrack", "preDNAT"}[kind]);
        ImmutableList<Rule> ingress = rules(r.nextInt(4), true);
        ImmutableList<Rule> egress = preDnat ? ImmutableList.of() : rules(r.nextInt(3), true);
        ImmutableSet<Direction> types;
        if (!preDnat && r.nextInt(5) == 0) {
            types = ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
            feature("explicit types");
        } else if (!egress.isEmpty() && ingress.isEmpty()) {
            types = ImmutableSet.of(Direction.EGRESS);
        } else if (!egress.isEmpty()) {
            types = ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
        } else {
            types = ImmutableSet.of(Direction.INGRESS);
        }
        String tier = tiers.isEmpty() || r.nextBoolean() ? "default" : tiers.get(r.nextInt(tiers.size())).name();
        OptionalDouble order = switch (r.nextInt(4)) {
            case 0 -> OptionalDouble.empty();
            case 1 -> OptionalDouble.of(1);
            default -> OptionalDouble.of(5);
        };
        return new GlobalNetworkPolicy(name, ImmutableSortedMap.of(), tier, order, Selector.parse(pick(SELECTORS)), types,
                ingress, egress, untracked, preDnat, aof, Optional.empty(), Optional.empty(), ImmutableSet.of());
    }

    private ImmutableList<Rule> rules(int n, boolean record) {
        ImmutableList.Builder<Rule> b = ImmutableList.builder();
        for (int i = 0; i < n; i++) {
            b.add(rule());
        }
        return b.build();
    }

    private Rule rule() {
        Action action = Action.values()[r.nextInt(4)];
        feature("action " + action);
        Optional<Protocol> protocol = switch (r.nextInt(7)) {
            case 0, 1 -> Optional.empty();
            case 2 -> Optional.of(Protocol.TCP);
            case 3 -> Optional.of(Protocol.UDP);
            case 4 -> Optional.of(Protocol.ICMP);
            case 5 -> Optional.of(Protocol.ICMPV6);
            default -> Optional.of(r.nextBoolean() ? Protocol.SCTP : new Protocol(6));
        };
        protocol.ifPresent(p -> feature("protocol " + p));
        Optional<Protocol> notProtocol = r.nextInt(6) == 0 ? Optional.of(r.nextBoolean() ? Protocol.UDP : Protocol.ICMP) : Optional.empty();
        notProtocol.ifPresent(p -> feature("notProtocol"));
        Optional<IpFamily> familyFromProto = protocol.flatMap(p -> p.isIcmp() ? Optional.of(IpFamily.V4)
                : p.isIcmpV6() ? Optional.of(IpFamily.V6) : Optional.<IpFamily>empty());
        if (notProtocol.isPresent() && notProtocol.get().isIcmp() && familyFromProto.equals(Optional.of(IpFamily.V6))) {
            notProtocol = Optional.empty();
        }
        Optional<IpFamily> ipVersion = r.nextInt(5) == 0
                ? Optional.of(familyFromProto.orElse(r.nextBoolean() ? IpFamily.V4 : IpFamily.V6)) : Optional.empty();
        if (ipVersion.isPresent() && notProtocol.isPresent() && notProtocol.get().isIcmp() && ipVersion.get() != IpFamily.V4) {
            notProtocol = Optional.empty();
        }
        ipVersion.ifPresent(v -> feature("ipVersion"));
        IpFamily netFamily = ipVersion.or(() -> familyFromProto).orElse(r.nextBoolean() ? IpFamily.V4 : IpFamily.V6);
        Optional<IcmpMatch> icmp = Optional.empty();
        if (protocol.isPresent() && (protocol.get().isIcmp() || protocol.get().isIcmpV6()) && r.nextBoolean()) {
            icmp = Optional.of(icmpMatch(protocol.get().isIcmp()));
            feature("icmp");
        }
        Optional<IcmpMatch> notIcmp = Optional.empty();
        if (r.nextInt(8) == 0) {
            notIcmp = Optional.of(icmpMatch(protocol.map(p -> !p.isIcmpV6()).orElse(r.nextBoolean())));
            feature("notICMP");
        }
        boolean ports = protocol.isPresent() && protocol.get().supportsPorts();
        boolean namedOk = protocol.isEmpty() || ports;
        EntityRule source = entity(netFamily, ports, namedOk, "source");
        EntityRule destination = entity(netFamily, ports, namedOk, "destination");
        return new Rule(action, protocol, notProtocol, ipVersion, icmp, notIcmp, source, destination, Optional.empty(),
                r.nextInt(6) == 0 ? ImmutableSortedMap.of("owner", "team-a") : ImmutableSortedMap.of());
    }

    private IcmpMatch icmpMatch(boolean v4) {
        int type = v4 ? (r.nextBoolean() ? 8 : 0) : (r.nextBoolean() ? 128 : 129);
        return new IcmpMatch(OptionalInt.of(type), r.nextBoolean() ? OptionalInt.of(0) : OptionalInt.empty());
    }

    private EntityRule entity(IpFamily f, boolean numericPorts, boolean namedPorts, String side) {
        if (r.nextInt(3) == 0) {
            return EntityRule.ANY;
        }
        ImmutableList<Cidr> nets = r.nextInt(4) == 0 ? nets(f, 1 + r.nextInt(6)) : ImmutableList.of();
        ImmutableList<Cidr> notNets = r.nextInt(6) == 0 ? nets(f, 1 + r.nextInt(2)) : ImmutableList.of();
        Optional<Selector> selector = r.nextInt(4) == 0 ? Optional.of(Selector.parse(pick(SELECTORS))) : Optional.empty();
        Optional<Selector> notSelector = r.nextInt(8) == 0 ? Optional.of(Selector.parse(pick(SELECTORS))) : Optional.empty();
        List<PortSpec> ports = new ArrayList<>();
        List<PortSpec> notPorts = new ArrayList<>();
        if (numericPorts && r.nextBoolean()) {
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                ports.add(r.nextInt(4) == 0 ? new PortSpec.PortRange(1000, 2000) : PortSpec.PortRange.single(pick(PORTS)));
            }
            feature(side + " ports");
        }
        if (namedPorts && r.nextInt(4) == 0) {
            ports.add(new PortSpec.NamedPort(r.nextBoolean() ? "web" : "dns"));
            feature(side + " named port");
        }
        if (numericPorts && r.nextInt(6) == 0) {
            notPorts.add(PortSpec.PortRange.single(pick(PORTS)));
            feature(side + " notPorts");
        }
        if (namedPorts && r.nextInt(10) == 0) {
            notPorts.add(new PortSpec.NamedPort("web"));
            feature(side + " named notPorts");
        }
        if (!nets.isEmpty()) {
            feature(side + " nets");
        }
        if (!notNets.isEmpty()) {
            feature(side + " notNets");
        }
        selector.ifPresent(s -> feature(side + " selector"));
        notSelector.ifPresent(s -> feature(side + " notSelector"));
        return new EntityRule(nets, notNets, selector, notSelector, Optional.empty(), ImmutableList.copyOf(ports),
                ImmutableList.copyOf(notPorts), Optional.empty(), Optional.empty());
    }

    private ImmutableList<Cidr> nets(IpFamily f, int n) {
        List<String> pool = f == IpFamily.V4 ? NETS4 : NETS6;
        Set<Cidr> out = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(cidr(pool.get(r.nextInt(pool.size()))));
        }
        return ImmutableList.copyOf(out);
    }

    private static Cidr cidr(String s) {
        return Cidr.parseStrict(s).orElseThrow();
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private void feature(String f) {
        features.add(f);
    }
}

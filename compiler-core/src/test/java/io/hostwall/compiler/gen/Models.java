package io.hostwall.compiler.gen;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
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
import io.hostwall.model.PortSpec;
import io.hostwall.model.Profile;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import io.hostwall.selector.Selector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Short spellings of the model's builders, for tests that must not depend on the manifest loader. Each builder starts
 * from what the loader would default (tier {@code default}, selector {@code all()}, types from the rules present)
 * and {@code build()}s the record through the model's own builder, so that it is checked as any other.
 */
public final class Models {
    private Models() {}

    public static PolicyBuilder gnp(String name) {
        return new PolicyBuilder(name);
    }

    public static EndpointBuilder hep(String name) {
        return new EndpointBuilder(name);
    }

    public static RuleBuilder rule(Action action) {
        return new RuleBuilder(action);
    }

    public static RuleBuilder allow() {
        return rule(Action.ALLOW);
    }

    public static RuleBuilder deny() {
        return rule(Action.DENY);
    }

    public static RuleBuilder log() {
        return rule(Action.LOG);
    }

    public static RuleBuilder pass() {
        return rule(Action.PASS);
    }

    public static SideBuilder side() {
        return new SideBuilder();
    }

    public static Tier tier(String name, double order, TierAction action) {
        return Tier.builder(name).order(order).defaultAction(action).build();
    }

    public static Tier tierWithoutOrder(String name, TierAction action) {
        return Tier.builder(name).defaultAction(action).build();
    }

    public static GlobalNetworkSet networkSet(String name, ImmutableSortedMap<String, String> labels, String... nets) {
        return GlobalNetworkSet.builder(name).labels(labels)
                .nets(Arrays.stream(nets).map(Models::cidr).toList()).build();
    }

    public static Profile profile(String name, List<Rule> ingress, List<Rule> egress) {
        return Profile.builder(name).ingress(ingress).egress(egress).build();
    }

    public static Profile profile(String name, List<Rule> ingress, List<Rule> egress,
            ImmutableSortedMap<String, String> labelsToApply) {
        return Profile.builder(name).ingress(ingress).egress(egress).labelsToApply(labelsToApply).build();
    }

    public static FelixConfiguration felix(String name, Optional<List<FailsafePort>> inbound,
            Optional<List<FailsafePort>> outbound) {
        FelixConfiguration.Builder b = FelixConfiguration.builder(name);
        inbound.ifPresent(b::failsafeInboundHostPorts);
        outbound.ifPresent(b::failsafeOutboundHostPorts);
        return b.build();
    }

    public static FailsafePort failsafe(Protocol protocol, int port) {
        return new FailsafePort(protocol, port, Optional.empty());
    }

    public static FailsafePort failsafe(Protocol protocol, int port, String net) {
        return new FailsafePort(protocol, port, Optional.of(cidr(net)));
    }

    public static ImmutableSortedMap<String, String> labels(String... keyValues) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ImmutableSortedMap.copyOf(m);
    }

    public static Cidr cidr(String text) {
        return Cidr.parseLenient(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
    }

    public static InetAddress ip(String text) {
        return InetAddresses.forString(text);
    }

    /** A {@code GlobalNetworkPolicy}. */
    public static final class PolicyBuilder {
        private final String name;
        private String tier = Tier.DEFAULT;
        private OptionalDouble order = OptionalDouble.empty();
        private Selector selector = Selector.all();
        private Optional<Set<Direction>> types = Optional.empty();
        private final List<Rule> ingress = new ArrayList<>();
        private final List<Rule> egress = new ArrayList<>();
        private boolean doNotTrack;
        private boolean preDnat;
        private boolean applyOnForward;
        private Optional<Selector> namespaceSelector = Optional.empty();

        PolicyBuilder(String name) {
            this.name = name;
        }

        public PolicyBuilder tier(String t) {
            tier = t;
            return this;
        }

        public PolicyBuilder order(double o) {
            order = OptionalDouble.of(o);
            return this;
        }

        public PolicyBuilder selector(String s) {
            selector = Selector.parse(s);
            return this;
        }

        public PolicyBuilder types(Direction... d) {
            types = Optional.of(new LinkedHashSet<>(List.of(d)));
            return this;
        }

        public PolicyBuilder ingress(RuleBuilder... rules) {
            Arrays.stream(rules).map(RuleBuilder::build).forEach(ingress::add);
            return this;
        }

        public PolicyBuilder ingress(Rule... rules) {
            ingress.addAll(List.of(rules));
            return this;
        }

        public PolicyBuilder egress(RuleBuilder... rules) {
            Arrays.stream(rules).map(RuleBuilder::build).forEach(egress::add);
            return this;
        }

        public PolicyBuilder egress(Rule... rules) {
            egress.addAll(List.of(rules));
            return this;
        }

        /** {@code doNotTrack: true} (and {@code applyOnForward: true}, which validation requires with it). */
        public PolicyBuilder doNotTrack() {
            doNotTrack = true;
            applyOnForward = true;
            return this;
        }

        /** {@code preDNAT: true} (and {@code applyOnForward: true}, which validation requires with it). */
        public PolicyBuilder preDnat() {
            preDnat = true;
            applyOnForward = true;
            return this;
        }

        public PolicyBuilder applyOnForward() {
            applyOnForward = true;
            return this;
        }

        public PolicyBuilder namespaceSelector(String s) {
            namespaceSelector = Optional.of(Selector.parse(s));
            return this;
        }

        public GlobalNetworkPolicy build() {
            GlobalNetworkPolicy.Builder b = GlobalNetworkPolicy.builder(name).tier(tier).selector(selector)
                    .ingress(ingress).egress(egress).doNotTrack(doNotTrack).preDNAT(preDnat)
                    .applyOnForward(applyOnForward).namespaceSelector(namespaceSelector);
            order.ifPresent(b::order);
            types.ifPresent(t -> b.types(t.toArray(Direction[]::new)));
            return b.build();
        }
    }

    /** A {@code HostEndpoint} (node {@code node1} unless set). */
    public static final class EndpointBuilder {
        private final String name;
        private String node = "node1";
        private Optional<String> iface = Optional.empty();
        private final TreeMap<String, String> labels = new TreeMap<>();
        private final List<InetAddress> ips = new ArrayList<>();
        private final List<String> profiles = new ArrayList<>();
        private final List<EndpointPort> ports = new ArrayList<>();

        EndpointBuilder(String name) {
            this.name = name;
        }

        public EndpointBuilder node(String n) {
            node = n;
            return this;
        }

        public EndpointBuilder iface(String i) {
            iface = Optional.of(i);
            return this;
        }

        public EndpointBuilder allInterfaces() {
            return iface(HostEndpoint.ALL_INTERFACES);
        }

        public EndpointBuilder label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        public EndpointBuilder ips(String... addresses) {
            Arrays.stream(addresses).map(Models::ip).forEach(ips::add);
            return this;
        }

        public EndpointBuilder profiles(String... names) {
            profiles.addAll(List.of(names));
            return this;
        }

        public EndpointBuilder port(String portName, Protocol protocol, int port) {
            ports.add(new EndpointPort(portName, protocol, port));
            return this;
        }

        public HostEndpoint build() {
            HostEndpoint.Builder b = HostEndpoint.builder(name).labels(labels).node(node).expectedIPs(ips)
                    .profiles(profiles).ports(ports);
            iface.ifPresent(b::interfaceName);
            return b.build();
        }
    }

    /** A policy or profile rule. */
    public static final class RuleBuilder {
        private final Action action;
        private Optional<Protocol> protocol = Optional.empty();
        private Optional<Protocol> notProtocol = Optional.empty();
        private Optional<IpFamily> ipVersion = Optional.empty();
        private Optional<IcmpMatch> icmp = Optional.empty();
        private Optional<IcmpMatch> notIcmp = Optional.empty();
        private EntityRule source = EntityRule.ANY;
        private EntityRule destination = EntityRule.ANY;

        RuleBuilder(Action action) {
            this.action = action;
        }

        public RuleBuilder protocol(Protocol p) {
            protocol = Optional.of(p);
            return this;
        }

        public RuleBuilder notProtocol(Protocol p) {
            notProtocol = Optional.of(p);
            return this;
        }

        public RuleBuilder ipVersion(IpFamily f) {
            ipVersion = Optional.of(f);
            return this;
        }

        public RuleBuilder icmp(Integer type, Integer code) {
            icmp = Optional.of(icmpMatch(type, code));
            return this;
        }

        public RuleBuilder notIcmp(Integer type, Integer code) {
            notIcmp = Optional.of(icmpMatch(type, code));
            return this;
        }

        public RuleBuilder source(SideBuilder s) {
            source = s.build();
            return this;
        }

        public RuleBuilder destination(SideBuilder s) {
            destination = s.build();
            return this;
        }

        public Rule build() {
            Rule.Builder b = Rule.builder(action).source(source).destination(destination);
            protocol.ifPresent(b::protocol);
            notProtocol.ifPresent(b::notProtocol);
            ipVersion.ifPresent(b::ipVersion);
            icmp.ifPresent(b::icmp);
            notIcmp.ifPresent(b::notIcmp);
            return b.build();
        }

        private static IcmpMatch icmpMatch(Integer type, Integer code) {
            return new IcmpMatch(type == null ? OptionalInt.empty() : OptionalInt.of(type),
                    code == null ? OptionalInt.empty() : OptionalInt.of(code));
        }
    }

    /** A rule's source or destination. */
    public static final class SideBuilder {
        private final List<Cidr> nets = new ArrayList<>();
        private final List<Cidr> notNets = new ArrayList<>();
        private Optional<Selector> selector = Optional.empty();
        private Optional<Selector> notSelector = Optional.empty();
        private final List<PortSpec> ports = new ArrayList<>();
        private final List<PortSpec> notPorts = new ArrayList<>();

        public SideBuilder nets(String... cidrs) {
            Arrays.stream(cidrs).map(Models::cidr).forEach(nets::add);
            return this;
        }

        public SideBuilder notNets(String... cidrs) {
            Arrays.stream(cidrs).map(Models::cidr).forEach(notNets::add);
            return this;
        }

        public SideBuilder selector(String s) {
            selector = Optional.of(Selector.parse(s));
            return this;
        }

        public SideBuilder notSelector(String s) {
            notSelector = Optional.of(Selector.parse(s));
            return this;
        }

        /** Ports: Integer for a port, "a:b" for a range, any other string for a named port. */
        public SideBuilder ports(Object... specs) {
            Arrays.stream(specs).map(SideBuilder::port).forEach(ports::add);
            return this;
        }

        public SideBuilder notPorts(Object... specs) {
            Arrays.stream(specs).map(SideBuilder::port).forEach(notPorts::add);
            return this;
        }

        public EntityRule build() {
            return EntityRule.builder().nets(nets).notNets(notNets).selector(selector).notSelector(notSelector)
                    .ports(ports).notPorts(notPorts).build();
        }

        static PortSpec port(Object spec) {
            if (spec instanceof Integer i) {
                return PortSpec.port(i);
            }
            String s = (String) spec;
            if (s.matches("\\d+:\\d+")) {
                String[] ab = s.split(":");
                return PortSpec.range(Integer.parseInt(ab[0]), Integer.parseInt(ab[1]));
            }
            return PortSpec.named(s);
        }
    }
}

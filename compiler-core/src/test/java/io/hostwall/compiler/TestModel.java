package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.net.InetAddresses;
import io.hostwall.model.Action;
import io.hostwall.net.Cidr;
import io.hostwall.model.Direction;
import io.hostwall.model.EntityRule;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import io.hostwall.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Small builders for model objects in compiler tests. */
final class TestModel {
    private TestModel() {}

    static HostEndpoint hep(String name, String node, String iface, String... labelKv) {
        return new HostEndpoint(name, labels(labelKv), node, Optional.of(iface), ImmutableList.of(), ImmutableList.of(),
                ImmutableList.of());
    }

    static HostEndpoint hepWithIps(String name, String node, String iface, List<String> ips, String... labelKv) {
        return new HostEndpoint(name, labels(labelKv), node, Optional.of(iface),
                ips.stream().map(InetAddresses::forString).collect(ImmutableList.toImmutableList()), ImmutableList.of(),
                ImmutableList.of());
    }

    static GlobalNetworkSet gns(String name, List<String> nets, String... labelKv) {
        return new GlobalNetworkSet(name, labels(labelKv),
                nets.stream().map(n -> Cidr.parseLenient(n).orElseThrow()).collect(ImmutableList.toImmutableList()));
    }

    static ImmutableSortedMap<String, String> labels(String... kv) {
        ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    static Cidr cidr(String s) {
        return Cidr.parseStrict(s).orElseThrow();
    }

    /** A fluent GlobalNetworkPolicy builder with Calico's defaults. */
    static PolicyBuilder gnp(String name) {
        return new PolicyBuilder(name);
    }

    static RuleBuilder rule(Action action) {
        return new RuleBuilder(action);
    }

    static final class PolicyBuilder {
        private final String name;
        private String tier = "default";
        private OptionalDouble order = OptionalDouble.empty();
        private String selector = "all()";
        private ImmutableSet<Direction> types;
        private final List<Rule> ingress = new ArrayList<>();
        private final List<Rule> egress = new ArrayList<>();
        private boolean doNotTrack;
        private boolean preDnat;
        private boolean applyOnForward;

        PolicyBuilder(String name) {
            this.name = name;
        }

        PolicyBuilder tier(String t) { tier = t; return this; }
        PolicyBuilder order(double o) { order = OptionalDouble.of(o); return this; }
        PolicyBuilder selector(String s) { selector = s; return this; }
        PolicyBuilder types(Direction... d) { types = ImmutableSet.copyOf(d); return this; }
        PolicyBuilder ingress(Rule... r) { ingress.addAll(List.of(r)); return this; }
        PolicyBuilder egress(Rule... r) { egress.addAll(List.of(r)); return this; }
        PolicyBuilder doNotTrack() { doNotTrack = true; applyOnForward = true; return this; }
        PolicyBuilder preDnat() { preDnat = true; applyOnForward = true; return this; }
        PolicyBuilder applyOnForward() { applyOnForward = true; return this; }

        GlobalNetworkPolicy build() {
            ImmutableSet<Direction> t = types;
            if (t == null) {
                if (!egress.isEmpty() && ingress.isEmpty()) {
                    t = ImmutableSet.of(Direction.EGRESS);
                } else if (!egress.isEmpty()) {
                    t = ImmutableSet.of(Direction.INGRESS, Direction.EGRESS);
                } else {
                    t = ImmutableSet.of(Direction.INGRESS);
                }
            }
            return new GlobalNetworkPolicy(name, ImmutableSortedMap.of(), tier, order, Selector.parse(selector), t,
                    ImmutableList.copyOf(ingress), ImmutableList.copyOf(egress), doNotTrack, preDnat, applyOnForward,
                    Optional.empty(), Optional.empty(), ImmutableSet.of());
        }
    }

    static final class RuleBuilder {
        private final Action action;
        private Optional<Protocol> protocol = Optional.empty();
        private EntityRule source = EntityRule.ANY;
        private EntityRule destination = EntityRule.ANY;

        RuleBuilder(Action action) {
            this.action = action;
        }

        RuleBuilder protocol(Protocol p) { protocol = Optional.of(p); return this; }
        RuleBuilder sourceNets(String... nets) { source = withNets(source, nets); return this; }
        RuleBuilder destinationNets(String... nets) { destination = withNets(destination, nets); return this; }
        RuleBuilder sourceSelector(String s) { source = withSelector(source, s); return this; }
        RuleBuilder destinationSelector(String s) { destination = withSelector(destination, s); return this; }
        RuleBuilder destinationPorts(PortSpec... ports) { destination = withPorts(destination, ports); return this; }

        Rule build() {
            return new Rule(action, protocol, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    source, destination, Optional.empty(), ImmutableSortedMap.of());
        }

        private static EntityRule withNets(EntityRule e, String... nets) {
            return new EntityRule(List.of(nets).stream().map(TestModel::cidr).collect(ImmutableList.toImmutableList()),
                    e.notNets(), e.selector(), e.notSelector(), e.namespaceSelector(), e.ports(), e.notPorts(),
                    e.serviceAccounts(), e.services());
        }

        private static EntityRule withSelector(EntityRule e, String s) {
            return new EntityRule(e.nets(), e.notNets(), Optional.of(Selector.parse(s)), e.notSelector(),
                    e.namespaceSelector(), e.ports(), e.notPorts(), e.serviceAccounts(), e.services());
        }

        private static EntityRule withPorts(EntityRule e, PortSpec... ports) {
            return new EntityRule(e.nets(), e.notNets(), e.selector(), e.notSelector(), e.namespaceSelector(),
                    ImmutableList.copyOf(ports), e.notPorts(), e.serviceAccounts(), e.services());
        }
    }
}

package io.hostwall.compiler;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Short spellings of the model's builders for compiler tests. */
final class TestModel {
    private TestModel() {}

    static HostEndpoint hep(String name, String node, String iface, String... labelKv) {
        return HostEndpoint.builder(name).labels(labels(labelKv)).node(node).interfaceName(iface).build();
    }

    static HostEndpoint hepWithIps(String name, String node, String iface, List<String> ips, String... labelKv) {
        return HostEndpoint.builder(name).labels(labels(labelKv)).node(node).interfaceName(iface)
                .expectedIPs(ips.stream().map(InetAddresses::forString).toList()).build();
    }

    static GlobalNetworkSet gns(String name, List<String> nets, String... labelKv) {
        return GlobalNetworkSet.builder(name).labels(labels(labelKv))
                .nets(nets.stream().map(n -> Cidr.parseLenient(n).orElseThrow()).toList()).build();
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Cidr cidr(String s) {
        return Cidr.parseStrict(s).orElseThrow();
    }

    /** A GlobalNetworkPolicy builder with Calico's defaults. */
    static PolicyBuilder gnp(String name) {
        return new PolicyBuilder(name);
    }

    static RuleBuilder rule(Action action) {
        return new RuleBuilder(action);
    }

    /** The model's builder, with preDNAT and doNotTrack setting the applyOnForward they need. */
    static final class PolicyBuilder {
        private final GlobalNetworkPolicy.Builder b;

        PolicyBuilder(String name) {
            b = GlobalNetworkPolicy.builder(name);
        }

        PolicyBuilder tier(String t) { b.tier(t); return this; }
        PolicyBuilder order(double o) { b.order(o); return this; }
        PolicyBuilder selector(String s) { b.selector(s); return this; }
        PolicyBuilder types(Direction... d) { b.types(d); return this; }
        PolicyBuilder ingress(Rule... r) { b.ingress(r); return this; }
        PolicyBuilder egress(Rule... r) { b.egress(r); return this; }
        PolicyBuilder doNotTrack() { b.doNotTrack(true).applyOnForward(true); return this; }
        PolicyBuilder preDnat() { b.preDNAT(true).applyOnForward(true); return this; }
        PolicyBuilder applyOnForward() { b.applyOnForward(true); return this; }

        GlobalNetworkPolicy build() {
            return b.build();
        }
    }

    /** The model's rule builder, with one-line sides. */
    static final class RuleBuilder {
        private final Rule.Builder b;
        private EntityRule source = EntityRule.ANY;
        private EntityRule destination = EntityRule.ANY;

        RuleBuilder(Action action) {
            b = Rule.builder(action);
        }

        RuleBuilder protocol(Protocol p) { b.protocol(p); return this; }
        RuleBuilder sourceNets(String... nets) { source = withNets(source, nets); return this; }
        RuleBuilder destinationNets(String... nets) { destination = withNets(destination, nets); return this; }
        RuleBuilder sourceSelector(String s) { source = source.toBuilder().selector(s).build(); return this; }
        RuleBuilder destinationSelector(String s) { destination = destination.toBuilder().selector(s).build(); return this; }
        RuleBuilder destinationPorts(PortSpec... ports) { destination = destination.toBuilder().ports(ports).build(); return this; }

        Rule build() {
            return b.source(source).destination(destination).build();
        }

        private static EntityRule withNets(EntityRule e, String... nets) {
            return e.toBuilder().nets(List.of(nets).stream().map(TestModel::cidr).toList()).build();
        }
    }
}

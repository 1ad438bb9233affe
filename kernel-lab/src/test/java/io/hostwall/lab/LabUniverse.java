package io.hostwall.lab;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.hostwall.net.Cidr;
import io.hostwall.model.EntityRule;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Profile;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Moves a policy set generated over compiler-core's {@code gen.Universe} (node1 10.0.0.1 on eth0 and 10.0.1.1 on
 * eth1, node2 10.0.0.2, peer 10.0.0.3, pod 10.244.0.5, outside 203.0.113.5, and their IPv6 twins) onto the lab's
 * addresses, so that generated rules, expectedIPs, network sets and failsafe nets name the lab's node, peer, pod and
 * external client and the probes meet them. The map keeps the generator's containment relations (which address
 * lies in which net), so the overlaps the generator was designed to produce survive the move. Everything else
 * (labels, selectors, ports, orders, actions, flags) is the generator's, untouched. An address or net the map does
 * not know is kept as it is and the differential refuses to run (see {@link #STALE}).
 */
final class LabUniverse {
    private static final Map<String, String> ADDRESSES = Map.ofEntries(
            Map.entry("10.0.0.1", "10.240.0.11"), // node1 eth0 = the lab's node
            Map.entry("10.0.1.1", "10.240.1.11"), // node1 eth1: no such interface in the lab
            Map.entry("10.0.0.2", "10.240.0.12"), // node2
            Map.entry("10.0.0.3", "10.240.0.21"), // peer
            Map.entry("10.244.0.5", "192.168.77.5"), // pod
            Map.entry("203.0.113.5", "203.0.113.50"), // outside = external
            Map.entry("fd00::1", "fd00:240::11"),
            Map.entry("fd00:1::1", "fd00:241::11"),
            Map.entry("fd00::2", "fd00:240::12"),
            Map.entry("fd00::3", "fd00:240::21"),
            Map.entry("fd00:244::5", "fd00:77::5"),
            Map.entry("2001:db8::5", "fd50:203::50"));
    private static final Map<String, String> NETS = Map.ofEntries(
            Map.entry("10.0.0.0/24", "10.240.0.0/24"), // node1 eth0, node2, peer
            Map.entry("10.0.0.0/16", "10.240.0.0/16"), // ... and node1 eth1
            Map.entry("10.0.1.0/24", "10.240.1.0/24"), // node1 eth1
            Map.entry("10.0.0.2/32", "10.240.0.12/32"), // node2
            Map.entry("10.244.0.0/16", "192.168.0.0/16"), // pods
            Map.entry("203.0.113.0/24", "203.0.113.0/24"), // outside
            Map.entry("0.0.0.0/0", "0.0.0.0/0"),
            Map.entry("fd00::/64", "fd00:240::/64"),
            Map.entry("fd00::/16", "fd00::/16"), // the cluster, not the external client (fd50::)
            Map.entry("fd00::2/128", "fd00:240::12/128"),
            Map.entry("fd00:244::/64", "fd00:77::/64"),
            Map.entry("2001:db8::/32", "fd50:203::/64"),
            Map.entry("::/0", "::/0"));
    /** Text that only the generator's universe contains: found in a relocated set, the map is out of date. */
    static final java.util.List<String> STALE = java.util.List.of("\"10.0.", "\"10.244.", "2001:db8", "\"fd00::1",
            "\"fd00::2", "\"fd00::3", "\"fd00:1::", "\"fd00:244:", "203.0.113.5\"");

    private LabUniverse() {}

    static PolicySet relocate(PolicySet set) {
        return PolicySet.of(set.all().stream().map(LabUniverse::relocate).toList());
    }

    private static Resource relocate(Resource r) {
        if (r instanceof GlobalNetworkPolicy p) {
            return new GlobalNetworkPolicy(p.name(), p.labels(), p.tier(), p.order(), p.selector(), p.types(),
                    rules(p.ingress()), rules(p.egress()), p.doNotTrack(), p.preDNAT(), p.applyOnForward(),
                    p.namespaceSelector(), p.serviceAccountSelector(), p.performanceHints());
        } else if (r instanceof HostEndpoint h) {
            return new HostEndpoint(h.name(), h.labels(), h.node(), h.interfaceName(),
                    h.expectedIPs().stream().map(LabUniverse::address).collect(ImmutableList.toImmutableList()),
                    h.profiles(), h.ports());
        } else if (r instanceof GlobalNetworkSet s) {
            return new GlobalNetworkSet(s.name(), s.labels(), nets(s.nets()));
        } else if (r instanceof Profile p) {
            return new Profile(p.name(), p.labels(), rules(p.ingress()), rules(p.egress()), p.labelsToApply());
        } else if (r instanceof FelixConfiguration f) {
            return new FelixConfiguration(f.name(), f.labels(), f.failsafeInboundHostPorts().map(LabUniverse::failsafes),
                    f.failsafeOutboundHostPorts().map(LabUniverse::failsafes));
        }
        return r;
    }

    private static ImmutableList<Rule> rules(List<Rule> rules) {
        return rules.stream().map(r -> new Rule(r.action(), r.protocol(), r.notProtocol(), r.ipVersion(), r.icmp(),
                r.notIcmp(), entity(r.source()), entity(r.destination()), r.http(), r.annotations()))
                .collect(ImmutableList.toImmutableList());
    }

    private static EntityRule entity(EntityRule e) {
        return new EntityRule(nets(e.nets()), nets(e.notNets()), e.selector(), e.notSelector(), e.namespaceSelector(),
                e.ports(), e.notPorts(), e.serviceAccounts(), e.services());
    }

    private static ImmutableList<FailsafePort> failsafes(List<FailsafePort> ports) {
        return ports.stream().map(p -> new FailsafePort(p.protocol(), p.port(), p.net().map(LabUniverse::net)))
                .collect(ImmutableList.toImmutableList());
    }

    private static ImmutableList<Cidr> nets(List<Cidr> nets) {
        return nets.stream().map(LabUniverse::net).distinct().collect(ImmutableList.toImmutableList());
    }

    private static Cidr net(Cidr c) {
        String mapped = NETS.get(c.toString());
        return mapped == null ? c : Cidr.parseStrict(mapped).orElseThrow();
    }

    private static InetAddress address(InetAddress a) {
        String mapped = ADDRESSES.get(InetAddresses.toAddrString(a));
        return mapped == null ? a : InetAddresses.forString(mapped);
    }
}

package io.hostwall.compiler.gen;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.model.Direction;
import io.hostwall.model.EntityRule;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.HostEndpoint;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Profile;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import net.jqwik.api.statistics.Statistics;

/**
 * Which features a generated policy set or packet exercises, as short names, for jqwik's statistics tables
 * ({@link #collect(PolicySet)} / {@link #collect(Packet)}) or for asserting that a generator covers something.
 */
public final class Coverage {
    private Coverage() {}

    /** Adds every feature of {@code set} to the jqwik statistics table "policy features" (one count each). */
    public static void collect(PolicySet set) {
        for (String f : features(set)) {
            Statistics.label("policy features").collect(f);
        }
    }

    /** Adds every feature of {@code p} to the jqwik statistics table "packet features". */
    public static void collect(Packet p) {
        for (String f : features(p)) {
            Statistics.label("packet features").collect(f);
        }
    }

    public static SortedSet<String> features(PolicySet set) {
        SortedSet<String> f = new TreeSet<>();
        for (Tier t : set.tiers()) {
            f.add("tier " + (t.defaultAction() == TierAction.PASS ? "Pass" : "Deny"));
            if (t.order().isEmpty()) {
                f.add("tier without order");
            }
        }
        Set<Double> orders = new HashSet<>();
        for (GlobalNetworkPolicy p : set.globalNetworkPolicies()) {
            f.add("policy " + flavour(p));
            if (!p.tier().equals(Tier.DEFAULT)) {
                f.add("policy in a custom tier");
            }
            if (p.order().isEmpty()) {
                f.add("policy without order");
            } else if (!orders.add(p.order().getAsDouble())) {
                f.add("policy order tie");
            }
            if (p.ingress().isEmpty() && p.egress().isEmpty()) {
                f.add("policy without rules");
            }
            if (p.governs(Direction.EGRESS) && p.egress().isEmpty()) {
                f.add("policy governs egress without egress rules");
            }
            if (p.namespaceSelector().isPresent()) {
                f.add("policy namespaceSelector");
            }
            rules(f, "policy", p.ingress());
            rules(f, "policy", p.egress());
        }
        for (Profile p : set.profiles()) {
            f.add("profile defined");
            if (!p.labelsToApply().isEmpty()) {
                f.add("profile labelsToApply");
            }
            rules(f, "profile", p.ingress());
            rules(f, "profile", p.egress());
        }
        for (HostEndpoint h : set.hostEndpoints()) {
            String node = h.node().equals(Universe.NODE) ? "local" : "remote";
            f.add("endpoint " + node + " " + h.interfaceName().map(i -> i.equals("*") ? "*" : "named")
                    .orElse("by expectedIPs"));
            h.expectedIPs().forEach(ip -> f.add("endpoint expectedIP v" + IpFamily.of(ip).version()));
            if (!h.ports().isEmpty()) {
                f.add("endpoint named ports");
            }
            if (h.profiles().contains(Profile.DEFAULT_ALLOW)) {
                f.add("endpoint projectcalico-default-allow");
            }
            if (h.profiles().stream().anyMatch(n -> !n.equals(Profile.DEFAULT_ALLOW))) {
                f.add("endpoint custom profile");
            }
        }
        if (set.hostEndpoints().stream().filter(h -> h.interfaceName().filter(Universe.ETH0::equals).isPresent()
                && h.node().equals(Universe.NODE)).count() > 1) {
            f.add("endpoint contested interface");
        }
        if (!set.globalNetworkSets().isEmpty()) {
            f.add("network set");
        }
        for (FelixConfiguration c : set.felixConfigurations()) {
            f.add("felix " + c.name());
            for (var list : List.of(c.failsafeInboundHostPorts(), c.failsafeOutboundHostPorts())) {
                list.ifPresent(l -> f.add(l.isEmpty() ? "failsafes disabled" : "failsafes overridden"));
            }
        }
        return f;
    }

    private static String flavour(GlobalNetworkPolicy p) {
        if (p.doNotTrack()) {
            return "doNotTrack";
        }
        if (p.preDNAT()) {
            return "preDNAT";
        }
        return p.applyOnForward() ? "applyOnForward" : "normal";
    }

    private static void rules(Set<String> f, String owner, List<Rule> rules) {
        for (Rule r : rules) {
            f.add(owner + " rule " + r.action());
            r.protocol().ifPresent(p -> f.add("rule protocol " + p));
            r.notProtocol().ifPresent(p -> f.add("rule notProtocol"));
            r.ipVersion().ifPresent(v -> f.add("rule ipVersion"));
            r.icmp().ifPresent(i -> f.add("rule icmp" + (i.code().isPresent() ? " with code" : "")));
            r.notIcmp().ifPresent(i -> f.add("rule notICMP" + (r.protocol().isEmpty() ? " without protocol" : "")));
            side(f, r.source(), "source");
            side(f, r.destination(), "destination");
        }
    }

    private static void side(Set<String> f, EntityRule e, String which) {
        e.nets().forEach(c -> f.add("rule nets v" + c.family().version()));
        if (!e.notNets().isEmpty()) {
            f.add("rule notNets");
        }
        e.selector().ifPresent(s -> f.add("rule " + which + " selector"));
        e.notSelector().ifPresent(s -> f.add("rule notSelector"));
        for (PortSpec p : e.ports()) {
            f.add("rule " + which + " ports " + kind(p));
        }
        for (PortSpec p : e.notPorts()) {
            f.add("rule notPorts " + kind(p));
        }
    }

    private static String kind(PortSpec p) {
        if (p instanceof PortSpec.NamedPort) {
            return "named";
        }
        io.hostwall.net.PortRange r = ((PortSpec.Numeric) p).range();
        return r.first() == r.last() ? "number" : "range";
    }

    public static SortedSet<String> features(Packet p) {
        SortedSet<String> f = new TreeSet<>();
        f.add(p.isToHost() ? "to host" : p.isFromHost() ? "from host" : "forwarded");
        f.add("v" + p.family().version());
        f.add("protocol " + p.protocol());
        f.add(p.state().name().toLowerCase(java.util.Locale.ROOT));
        p.dnat().ifPresent(d -> f.add("dnat" + (d.port().isPresent() ? " with port" : "")));
        p.inInterface().ifPresent(i -> f.add("in " + i));
        p.outInterface().ifPresent(o -> f.add("out " + o));
        return f;
    }
}

package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.Cidr;
import io.hostwall.model.EntityRule;
import io.hostwall.model.IcmpMatch;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Rule;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One rule's match criteria, resolved once (selectors to networks, named ports to members) and tested per packet
 * exactly as SEMANTICS §3 words it. Deliberately a direct reading of the model, not of the IR.
 */
final class RuleMatcher {
    /** Families the rule can match; empty when its criteria contradict each other. */
    private final Set<IpFamily> families;
    /** Families Felix renders the rule in (FilterRuleToIPVersion); a superset of {@link #families}. */
    private final Set<IpFamily> rendered;
    private final int protocol;
    private final int notProtocol;
    private final Optional<IcmpMatch> icmp;
    private final Optional<IcmpMatch> notIcmp;
    private final SideMatcher source;
    private final SideMatcher destination;

    private RuleMatcher(Set<IpFamily> families, Set<IpFamily> rendered, int protocol, int notProtocol, Optional<IcmpMatch> icmp,
            Optional<IcmpMatch> notIcmp, SideMatcher source, SideMatcher destination) {
        this.families = families;
        this.rendered = rendered;
        this.protocol = protocol;
        this.notProtocol = notProtocol;
        this.icmp = icmp;
        this.notIcmp = notIcmp;
        this.source = source;
        this.destination = destination;
    }

    static RuleMatcher of(Rule rule, AddressResolver resolver) {
        Set<IpFamily> families = EnumSet.allOf(IpFamily.class);
        rule.ipVersion().ifPresent(v -> families.retainAll(EnumSet.of(v)));
        // protocol ICMP implies IPv4 and ICMPv6 implies IPv6 (FR §8.2); notProtocol implies nothing.
        rule.protocol().filter(Protocol::isIcmp).ifPresent(p -> families.retainAll(EnumSet.of(IpFamily.V4)));
        rule.protocol().filter(Protocol::isIcmpV6).ifPresent(p -> families.retainAll(EnumSet.of(IpFamily.V6)));
        // A rule's nets are of one family (validation); it never matches packets of the other family, even when
        // only notNets are given (FR §8.2: filtering empties a non-empty list, so the rule is dropped).
        for (EntityRule side : ImmutableList.of(rule.source(), rule.destination())) {
            for (Cidr c : side.nets()) {
                families.retainAll(EnumSet.of(c.family()));
            }
            for (Cidr c : side.notNets()) {
                families.retainAll(EnumSet.of(c.family()));
            }
        }
        // Felix drops a rule from a family's chain when a notNets list holds that family's catch-all (FR §8.2,
        // filterNets); the rule matched nothing there anyway, but a dropped Pass rule also loses its return.
        Set<IpFamily> rendered = EnumSet.copyOf(families);
        for (EntityRule side : ImmutableList.of(rule.source(), rule.destination())) {
            for (Cidr c : side.notNets()) {
                if (c.isCatchAll()) {
                    rendered.remove(c.family());
                }
            }
        }
        return new RuleMatcher(EnumSet.copyOf(families), rendered,
                rule.protocol().map(Protocol::number).orElse(-1),
                rule.notProtocol().map(Protocol::number).orElse(-1),
                rule.icmp(), rule.notIcmp(),
                SideMatcher.of(rule.source(), rule.protocol(), resolver),
                SideMatcher.of(rule.destination(), rule.protocol(), resolver));
    }

    /**
     * Whether Felix renders this rule into the chain of {@code family} at all, match or no match. Only a Pass rule
     * in a profile makes the difference visible (SEMANTICS §5).
     */
    boolean rendersIn(IpFamily family) {
        return rendered.contains(family);
    }

    /** {@code afterDnat}: whether the stage sees the destination after DNAT (filter) or before (raw, mangle). */
    boolean matches(PacketFacts p, boolean afterDnat) {
        if (!families.contains(p.family)) {
            return false;
        }
        if (protocol >= 0 && p.protocol != protocol) {
            return false;
        }
        if (notProtocol >= 0 && p.protocol == notProtocol) {
            return false;
        }
        if (icmp.isPresent() && !(p.icmpOfFamily && icmpFieldsMatch(icmp.get(), p))) {
            return false;
        }
        // notICMP: "not an ICMP packet with that type/code"; true for packets that are not ICMP at all.
        if (notIcmp.isPresent() && p.icmpOfFamily && icmpFieldsMatch(notIcmp.get(), p)) {
            return false;
        }
        return source.matches(p, p.source, p.sourceBytes, p.sourcePort())
                && destination.matches(p, p.destination(afterDnat), p.destinationBytes(afterDnat),
                        p.destinationPort(afterDnat));
    }

    /** Type equal (or no type given) and code equal (or no code given). */
    private static boolean icmpFieldsMatch(IcmpMatch m, PacketFacts p) {
        if (m.type().isPresent()
                && (p.packet.icmpType().isEmpty() || p.packet.icmpType().getAsInt() != m.type().getAsInt())) {
            return false;
        }
        return m.code().isEmpty()
                || (p.packet.icmpCode().isPresent() && p.packet.icmpCode().getAsInt() == m.code().getAsInt());
    }

    /** One side (source or destination) of a rule. */
    private record SideMatcher(
            NetSet nets,
            NetSet notNets,
            Optional<NetSet> selector,
            Optional<NetSet> notSelector,
            Optional<PortMatcher> ports,
            Optional<PortMatcher> notPorts) {

        static SideMatcher of(EntityRule side, Optional<Protocol> ruleProtocol, AddressResolver resolver) {
            return new SideMatcher(
                    NetSet.of(side.nets()),
                    NetSet.of(side.notNets()),
                    side.selector().map(resolver::addresses),
                    side.notSelector().map(resolver::addresses),
                    PortMatcher.of(side.ports(), side, ruleProtocol, resolver),
                    PortMatcher.of(side.notPorts(), side, ruleProtocol, resolver));
        }

        boolean matches(PacketFacts p, java.net.InetAddress address, byte[] bytes, java.util.OptionalInt port) {
            if (!nets.isEmpty() && !nets.contains(bytes)) {
                return false;
            }
            if (notNets.contains(bytes)) {
                return false;
            }
            if (selector.isPresent() && !selector.get().contains(bytes)) {
                return false;
            }
            if (notSelector.isPresent() && notSelector.get().contains(bytes)) {
                return false;
            }
            if (ports.isPresent() && !ports.get().matches(p.protocol, address, port)) {
                return false;
            }
            return notPorts.isEmpty() || !notPorts.get().matches(p.protocol, address, port);
        }
    }

    /**
     * A ports (or notPorts) list: numeric ranges OR named-port members. Named ports are resolved with the side's
     * positive selector as filter (SEMANTICS §3/§4), for notPorts as well as ports. Testing the selector again for
     * the named alternative would change nothing: every member's address is one the selector resolves to.
     */
    private record PortMatcher(ImmutableList<io.hostwall.net.PortRange> ranges, java.util.Set<NamedPortMember> named) {

        static Optional<PortMatcher> of(ImmutableList<PortSpec> specs, EntityRule side, Optional<Protocol> protocol,
                AddressResolver resolver) {
            if (specs.isEmpty()) {
                return Optional.empty();
            }
            ImmutableList.Builder<io.hostwall.net.PortRange> ranges = ImmutableList.builder();
            java.util.Set<NamedPortMember> named = new java.util.HashSet<>();
            for (PortSpec s : specs) {
                if (s instanceof PortSpec.Numeric r) {
                    ranges.add(r.range());
                } else if (s instanceof PortSpec.NamedPort n) {
                    named.addAll(resolver.namedPort(side.selector(), n.name(), protocol));
                }
            }
            return Optional.of(new PortMatcher(ranges.build(), named));
        }

        /** Ports exist only on TCP, UDP and SCTP packets; a port-less packet is in no numeric entry. */
        boolean matches(int protocol, java.net.InetAddress address, java.util.OptionalInt port) {
            if (port.isEmpty() || !(protocol == 6 || protocol == 17 || protocol == 132)) {
                return false;
            }
            int n = port.getAsInt();
            for (io.hostwall.net.PortRange r : ranges) {
                if (r.contains(n)) {
                    return true;
                }
            }
            return !named.isEmpty() && named.contains(new NamedPortMember(address, protocol, n));
        }
    }
}

package io.hostwall.compiler.interp;

import io.hostwall.ir.Match;
import io.hostwall.ir.TableKind;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.OptionalInt;

/** Every IR {@link Match}, evaluated exactly as its Javadoc says. */
final class MatchEvaluator {
    private final SetIndex sets;

    MatchEvaluator(SetIndex sets) {
        this.sets = sets;
    }

    /**
     * Evaluates matches against {@code s} in a chain reached from {@code table}. One per base chain run, so that
     * evaluating a match allocates nothing.
     */
    Match.Visitor<Boolean> on(PacketState s, TableKind table) {
        return new Evaluation(s, table);
    }

    private final class Evaluation implements Match.Visitor<Boolean> {
        private final PacketState s;
        private final TableKind table;

        Evaluation(PacketState s, TableKind table) {
            this.s = s;
            this.table = table;
        }

        @Override
        public Boolean visit(Match.Interface i) {
            // No interface at this hook reads as the empty name: equal to no name, prefixed by no prefix.
            String name = s.iface(i.direction()).orElse("");
            boolean hit = i.prefix() ? name.startsWith(i.name()) : name.equals(i.name());
            return hit != i.negated();
        }

        @Override
        public Boolean visit(Match.Family f) {
            return s.family == f.ipFamily();
        }

        @Override
        public Boolean visit(Match.Protocol p) {
            return (s.packet.protocol() == p.number()) != p.negated();
        }

        @Override
        public Boolean visit(Match.Address a) {
            // Family-bound, negated or not: "ip saddr != X" never matches an IPv6 packet.
            return s.family == a.cidr().family() && inCidr(a.cidr(), s.address(a.side())) != a.negated();
        }

        @Override
        public Boolean visit(Match.AddressSet a) {
            return s.family == a.ipFamily()
                    && sets.containsNetwork(a.setName(), a.ipFamily(), s.address(a.side())) != a.negated();
        }

        @Override
        public Boolean visit(Match.Ports p) {
            return ports(p, s);
        }

        @Override
        public Boolean visit(Match.AddressPortSet a) {
            if (s.family != a.ipFamily()) {
                return false;
            }
            OptionalInt port = s.port(a.side());
            boolean in = port.isPresent() && sets.containsAddressPort(a.setName(), a.ipFamily(),
                    new SetIndex.PortKey(s.address(a.side()), s.packet.protocol(), port.getAsInt()));
            return in != a.negated();
        }

        @Override
        public Boolean visit(Match.Icmp icmp) {
            return icmp(icmp, s);
        }

        @Override
        public Boolean visit(Match.Mark mk) {
            return ((s.mark & mk.mask()) == mk.value()) != mk.negated();
        }

        @Override
        public Boolean visit(Match.ConntrackState ct) {
            requireConntrack(s, table, ct);
            return ct.states().contains(s.ctState()) != ct.negated();
        }

        @Override
        public Boolean visit(Match.ConntrackDnat d) {
            requireConntrack(s, table, d);
            // An untracked packet has no connection, so it was not DNAT'd (iptables' "! --ctstate DNAT" holds).
            return s.natted == d.dnat();
        }
    }

    /** A port match implies its protocol, negated or not ("tcp dport != 22" is false for UDP). */
    private static boolean ports(Match.Ports p, PacketState s) {
        if (s.packet.protocol() != p.protocol()) {
            return false;
        }
        OptionalInt port = s.port(p.side());
        boolean in = false;
        if (port.isPresent()) {
            for (PortRange r : p.ranges()) {
                if (r.contains(port.getAsInt())) {
                    in = true;
                    break;
                }
            }
        }
        return in != p.negated();
    }

    /**
     * Positive: an ICMP (V4) / ICMPv6 (V6) packet of that type and code. Negated: NOT (type matches AND code
     * matches), so every packet that is not ICMP of that family matches.
     */
    private static boolean icmp(Match.Icmp m, PacketState s) {
        int protocol = m.ipFamily() == IpFamily.V4 ? 1 : 58;
        boolean isIcmp = s.family == m.ipFamily() && s.packet.protocol() == protocol;
        boolean hit = isIcmp && equalOrAny(m.type(), s.packet.icmpType()) && equalOrAny(m.code(), s.packet.icmpCode());
        return hit != m.negated();
    }

    private static boolean equalOrAny(OptionalInt wanted, OptionalInt actual) {
        return wanted.isEmpty() || (actual.isPresent() && actual.getAsInt() == wanted.getAsInt());
    }

    private static boolean inCidr(Cidr c, AddressKey a) {
        return a.masked(c.prefixLength()).equals(AddressKey.of(c.addressBytes()));
    }

    /** Conntrack state exists only after the lookup; the IR never tests it in raw (TableKind's contract). */
    private static void requireConntrack(PacketState s, TableKind table, Match m) {
        if (table == TableKind.RAW || !s.tracked) {
            throw new IllegalStateException("conntrack match " + m + " evaluated in " + table.iptablesName() + " "
                    + s.hook + ", before the conntrack lookup");
        }
    }
}

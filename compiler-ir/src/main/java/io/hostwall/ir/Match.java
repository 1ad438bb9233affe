package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One condition of an {@link IrRule}. A rule matches when all its matches do. Every match here has one meaning,
 * independent of the backend: backends choose only the spelling.
 *
 * <p>The compiler never builds a rule whose positive matches contradict each other: a positive {@link Icmp} comes
 * with no {@link Protocol} match or with its own protocol (1 or 58), a {@link Ports} match always with a positive
 * {@link Protocol} of the same number, and all family-bound matches of a rule name one family. Chain and set names
 * start with a letter (the chain prefix).
 */
public sealed interface Match {

    /** {@return the IP family this match restricts the rule to, if any} */
    default Optional<IpFamily> family() {
        return Optional.empty();
    }

    /**
     * The packet's input or output interface equals {@code name}, or starts with it when {@code prefix} is true
     * (iptables {@code eth+}, nft {@code "eth*"}).
     */
    record Interface(InterfaceDirection direction, String name, boolean prefix, boolean negated) implements Match {}

    /** The packet is of this IP family (nft {@code meta nfproto}; iptables: the rule goes only into that family's document). */
    record Family(IpFamily ipFamily) implements Match {
        @Override
        public Optional<IpFamily> family() {
            return Optional.of(ipFamily);
        }
    }

    /** The transport protocol number is (or, negated, is not) {@code number}. */
    record Protocol(int number, boolean negated) implements Match {}

    /** The source/destination address is (not) inside one network. */
    record Address(Side side, Cidr cidr, boolean negated) implements Match {
        @Override
        public Optional<IpFamily> family() {
            return Optional.of(cidr.family());
        }
    }

    /** The source/destination address is (not) a member of the network set {@code setName}. */
    record AddressSet(Side side, String setName, IpFamily ipFamily, boolean negated) implements Match {
        @Override
        public Optional<IpFamily> family() {
            return Optional.of(ipFamily);
        }
    }

    /**
     * The source/destination port is (not) in any of {@code ranges} (sorted, non-overlapping, non-adjacent).
     * Only used together with a {@link Protocol} match of {@code protocol} (TCP, UDP or SCTP) in the same rule.
     */
    record Ports(Side side, int protocol, ImmutableList<PortRange> ranges, boolean negated) implements Match {}

    /**
     * (address, protocol, port) of the source/destination side is (not) a member of the named-port set
     * {@code setName}.
     */
    record AddressPortSet(Side side, String setName, IpFamily ipFamily, boolean negated) implements Match {
        @Override
        public Optional<IpFamily> family() {
            return Optional.of(ipFamily);
        }
    }

    /**
     * ICMP (family V4) or ICMPv6 (V6) type, and code when present. Negated means: NOT (type matches AND code
     * matches), i.e. Calico's {@code notICMP}. An empty type matches any ICMP packet of the family.
     */
    record Icmp(IpFamily ipFamily, OptionalInt type, OptionalInt code, boolean negated) implements Match {
        @Override
        public Optional<IpFamily> family() {
            return Optional.of(ipFamily);
        }
    }

    /** {@code (mark & mask) == value}, or {@code !=} when negated. */
    record Mark(int mask, int value, boolean negated) implements Match {}

    /** The conntrack state is (not) one of {@code states}. */
    record ConntrackState(ImmutableSet<CtState> states, boolean negated) implements Match {}

    /**
     * The connection was (dnat = true) or was not (false) destination-NATed. A bit test (nft
     * {@code ct status & dnat != 0}), never an equality on the whole status word.
     */
    record ConntrackDnat(boolean dnat) implements Match {}
}

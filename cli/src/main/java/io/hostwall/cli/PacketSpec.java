package io.hostwall.cli;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The packet fields {@code explain} takes as flags and packet files ({@code diff --packets}) take as keys, checked
 * and built into a {@link Packet} in one place, so that both accept and refuse the same packets. {@code name} turns
 * a field's name ({@code sport}) into what the user typed ({@code --sport} or {@code sport}) for messages.
 */
record PacketSpec(String in, String out, String src, String dst, String proto, Integer sport, Integer dport,
        Integer icmpType, Integer icmpCode, String dnat, boolean established, boolean invalid,
        UnaryOperator<String> name) {

    /** Field names as flags: {@code --sport}. */
    static final UnaryOperator<String> FLAGS = f -> "--" + f;
    /** Field names as keys: {@code sport}. */
    static final UnaryOperator<String> KEYS = f -> f;

    /**
     * The packet.
     *
     * @throws UserInputException naming the field that is wrong
     */
    Packet toPacket() {
        if (in == null && out == null) {
            throw new UserInputException("give " + name.apply("in") + ", " + name.apply("out") + " or both");
        }
        for (String iface : new String[] {in, out}) {
            if (iface != null && !iface.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new UserInputException("not an interface name: " + Quote.of(iface));
            }
        }
        InetAddress s = address(name.apply("src"), src);
        InetAddress d = address(name.apply("dst"), dst);
        IpFamily family = IpFamily.of(s);
        if (IpFamily.of(d) != family) {
            throw new UserInputException(name.apply("src") + " and " + name.apply("dst") + " must be of one IP family");
        }
        int protocol = protocol(family);
        boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
        boolean icmp = protocol == 1 || protocol == 58;
        if (!ports && (sport != null || dport != null)) {
            throw new UserInputException(name.apply("sport") + "/" + name.apply("dport") + " need "
                    + name.apply("proto") + " tcp, udp or sctp");
        }
        if (!icmp && (icmpType != null || icmpCode != null)) {
            throw new UserInputException(name.apply("icmp-type") + "/" + name.apply("icmp-code") + " need "
                    + name.apply("proto") + " icmp or icmpv6");
        }
        if (icmpCode != null && icmpType == null) {
            throw new UserInputException(name.apply("icmp-code") + " needs " + name.apply("icmp-type"));
        }
        if (established && invalid) {
            throw new UserInputException("give " + name.apply("established") + " or " + name.apply("invalid")
                    + ", not both");
        }
        range(name.apply("sport"), sport, 0, 65535);
        range(name.apply("dport"), dport, 0, 65535);
        range(name.apply("icmp-type"), icmpType, 0, 255);
        range(name.apply("icmp-code"), icmpCode, 0, 255);
        Optional<Packet.Dnat> nat = Optional.empty();
        if (dnat != null) {
            nat = Optional.of(dnat(family));
        }
        try {
            Packet.Builder p = Packet.protocol(protocol, s, d);
            if (ports) {
                p.sourcePort(sport == null ? 40000 : sport);
                if (dport != null) {
                    p.destinationPort(dport);
                }
            }
            if (icmpType != null) {
                if (icmpCode != null) {
                    p.icmpType(icmpType, icmpCode);
                } else {
                    p.icmpType(icmpType);
                }
            }
            if (in != null) {
                p.in(in);
            }
            if (out != null) {
                p.out(out);
            }
            nat.ifPresent(n -> p.dnat(n.address(), n.port()));
            if (established) {
                p.established();
            } else if (invalid) {
                p.invalid();
            }
            return p.build();
        } catch (IllegalArgumentException e) {
            // Checked above field by field, with the fields' names; this is the builder's word for anything left.
            throw new UserInputException(e.getMessage());
        }
    }

    private Packet.Dnat dnat(IpFamily family) {
        String flag = name.apply("dnat");
        String host = dnat;
        OptionalInt port = OptionalInt.empty();
        int colon = dnat.lastIndexOf(':');
        if (dnat.startsWith("[") && dnat.contains("]")) {
            host = dnat.substring(1, dnat.indexOf(']'));
            String rest = dnat.substring(dnat.indexOf(']') + 1);
            if (rest.startsWith(":")) {
                port = OptionalInt.of(parsePort(flag, rest.substring(1)));
            }
        } else if (colon > 0 && dnat.indexOf(':') == colon) {
            host = dnat.substring(0, colon);
            port = OptionalInt.of(parsePort(flag, dnat.substring(colon + 1)));
        }
        InetAddress a = address(flag, host);
        if (IpFamily.of(a) != family) {
            throw new UserInputException(flag + " must be of the packet's IP family");
        }
        return new Packet.Dnat(a, port);
    }

    private static int parsePort(String flag, String text) {
        return intIn(text, 0, 65535)
                .orElseThrow(() -> new UserInputException(flag + ": not a port: " + Quote.of(text)));
    }

    /** {@code text} as a decimal number within {@code min..max}; empty when it is not one. */
    static OptionalInt intIn(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            return n >= min && n <= max ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private int protocol(IpFamily family) {
        switch (proto.toLowerCase(Locale.ROOT)) {
            case "tcp": return 6;
            case "udp": return 17;
            case "sctp": return 132;
            case "icmp": return family == IpFamily.V4 ? 1 : 58;
            case "icmpv6": return 58;
            default:
                return intIn(proto, 1, 255).orElseThrow(() -> new UserInputException(
                        name.apply("proto") + " must be tcp, udp, icmp, icmpv6, sctp or 1..255, not " + Quote.of(proto)));
        }
    }

    private static InetAddress address(String flag, String text) {
        return Cidr.parseAddress(text).orElseThrow(() -> new UserInputException(flag + ": not an IP address: " + Quote.of(text)));
    }

    private static void range(String flag, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            throw new UserInputException(flag + " must be " + min + ".." + max + ", not " + v);
        }
    }
}

package io.hostwall.ir;

import io.hostwall.net.IpFamily;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One backend-neutral text of IR rules, matches and actions, for tools that show the IR to people (diffs, graphs,
 * traces): {@code iif eth0 tcp dport 22 -> accept}. It is not a backend's syntax and never loaded by a kernel; it is
 * stable, so tools may compare it, and it holds only what the IR holds (names, numbers, addresses), never comments.
 */
public final class IrText {
    private IrText() {}

    private static final Match.Visitor<String> MATCH = new Match.Visitor<>() {
        @Override
        public String visit(Match.Interface m) {
            return (m.direction() == InterfaceDirection.IN ? "iif " : "oif ") + not(m.negated()) + m.name()
                    + (m.prefix() ? "*" : "");
        }

        @Override
        public String visit(Match.Family m) {
            return family(m.ipFamily());
        }

        @Override
        public String visit(Match.Protocol m) {
            return "proto " + not(m.negated()) + protocol(m.number());
        }

        @Override
        public String visit(Match.Address m) {
            return side(m.side()) + "addr " + not(m.negated()) + m.cidr();
        }

        @Override
        public String visit(Match.AddressSet m) {
            return side(m.side()) + "addr " + not(m.negated()) + "@" + m.setName();
        }

        @Override
        public String visit(Match.Ports m) {
            return side(m.side()) + "port " + not(m.negated())
                    + m.ranges().stream().map(Object::toString).collect(Collectors.joining(","));
        }

        @Override
        public String visit(Match.AddressPortSet m) {
            return side(m.side()) + "addr.proto.port " + not(m.negated()) + "@" + m.setName();
        }

        @Override
        public String visit(Match.Icmp m) {
            String what = m.ipFamily() == IpFamily.V4 ? "icmp" : "icmpv6";
            String type = m.type().isPresent() ? " type " + m.type().getAsInt() : "";
            String code = m.code().isPresent() ? " code " + m.code().getAsInt() : "";
            return (m.negated() ? "!(" + what + type + code + ")" : what + type + code);
        }

        @Override
        public String visit(Match.Mark m) {
            return String.format("mark & 0x%x %s 0x%x", m.mask(), m.negated() ? "!=" : "==", m.value());
        }

        @Override
        public String visit(Match.ConntrackState m) {
            return "ct state " + not(m.negated()) + m.states().stream().sorted()
                    .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
        }

        @Override
        public String visit(Match.ConntrackDnat m) {
            return "ct status dnat " + (m.dnat() ? "set" : "unset");
        }
    };

    private static final IrAction.Visitor<String> ACTION = new IrAction.Visitor<>() {
        @Override
        public String visit(IrAction.Accept a) {
            return "accept";
        }

        @Override
        public String visit(IrAction.Drop a) {
            return "drop";
        }

        @Override
        public String visit(IrAction.Reject a) {
            return "reject";
        }

        @Override
        public String visit(IrAction.Return a) {
            return "return";
        }

        @Override
        public String visit(IrAction.Jump a) {
            return "jump " + a.chain();
        }

        @Override
        public String visit(IrAction.Goto a) {
            return "goto " + a.chain();
        }

        @Override
        public String visit(IrAction.SetMark a) {
            return String.format("mark = mark & ~0x%x | 0x%x", a.mask(), a.value());
        }

        @Override
        public String visit(IrAction.Log a) {
            return "log " + quote(a.prefix());
        }

        @Override
        public String visit(IrAction.Notrack a) {
            return "notrack";
        }

        @Override
        public String visit(IrAction.Dispatch a) {
            String dir = a.direction() == InterfaceDirection.IN ? "iif" : "oif";
            return "dispatch " + dir + " {" + a.targets().entrySet().stream()
                    .map((Map.Entry<String, String> e) -> e.getKey() + ": goto " + e.getValue())
                    .collect(Collectors.joining(", ")) + "}";
        }
    };

    /**
     * A rule's matches and action, e.g. {@code proto tcp dport 22 -> accept}; a rule without matches is just its
     * action.
     *
     * @param rule the rule
     * @return the text, without the rule's comments
     */
    public static String rule(IrRule rule) {
        String m = matches(rule);
        return m.isEmpty() ? action(rule.action()) : m + " -> " + action(rule.action());
    }

    /**
     * A rule's matches joined by spaces, e.g. {@code iif eth0 mark & 0x20000 == 0x0}.
     *
     * @param rule the rule
     * @return the text; empty when the rule has no matches
     */
    public static String matches(IrRule rule) {
        return rule.matches().stream().map(IrText::match).collect(Collectors.joining(" "));
    }

    /**
     * One match, e.g. {@code saddr 10.0.0.0/8}, {@code dport !22,80}, {@code ct state established,related}.
     *
     * @param match the match
     * @return the text
     */
    public static String match(Match match) {
        return match.accept(MATCH);
    }

    /**
     * One action, e.g. {@code jump hw-fh-eth0}, {@code drop}.
     *
     * @param action the action
     * @return the text
     */
    public static String action(IrAction action) {
        return action.accept(ACTION);
    }

    /**
     * One set member, e.g. {@code 10.0.0.0/8} or {@code 10.0.0.1 tcp 8080}.
     *
     * @param member the member
     * @return the text
     */
    public static String member(SetMember member) {
        if (member instanceof SetMember.Network n) {
            return n.cidr().toString();
        }
        SetMember.AddressProtocolPort p = (SetMember.AddressProtocolPort) member;
        return p.address().getHostAddress() + " " + protocol(p.protocol()) + " " + p.port();
    }

    private static String not(boolean negated) {
        return negated ? "!" : "";
    }

    private static String side(Side side) {
        return side == Side.SOURCE ? "s" : "d";
    }

    private static String family(IpFamily f) {
        return f == IpFamily.V4 ? "ipv4" : "ipv6";
    }

    private static String protocol(int number) {
        return switch (number) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            case 132 -> "sctp";
            default -> Integer.toString(number);
        };
    }

    /** Quoted with every character outside printable ASCII, and the quote and backslash, escaped. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

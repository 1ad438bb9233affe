package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Match;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The protocol part of a rule: every {@link Match.Protocol}, the protocol an {@link Match.Icmp} or a positive
 * {@link Match.Ports} implies, and the ICMP type modules, folded into the single {@code -p} iptables allows.
 *
 * <p>A negated ICMP type is NOT (ICMP of that type/code): true for every packet that is not ICMP at all, while
 * {@code ! --icmp-type} only exists behind {@code -p icmp}. Without a positive protocol it therefore becomes two
 * disjoint alternatives, {@code ! -p icmp} and {@code -p icmp -m icmp ! --icmp-type T/C}. Several negated
 * protocols need one {@code ! -p} and guards for the rest.
 */
final class ProtocolSlot {
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    /** Protocols xt_multiport accepts. */
    private static final Set<Integer> MULTIPORT = Set.of(6, 17, 33, 132, 136);

    private ProtocolSlot() {}

    static Slot resolve(List<Match> matches, IpFamily family) {
        int icmp = family == IpFamily.V4 ? ICMP : ICMPV6;
        Set<Integer> pos = new TreeSet<>();
        Set<Integer> neg = new TreeSet<>();
        List<String> icmpModules = new ArrayList<>();
        List<String> negatedIcmpModules = new ArrayList<>();
        for (Match m : matches) {
            if (m instanceof Match.Protocol p) {
                (p.negated() ? neg : pos).add(number(p.number()));
            } else if (m instanceof Match.Ports p) {
                if (!MULTIPORT.contains(p.protocol())) {
                    throw new IllegalArgumentException("port match on protocol " + p.protocol()
                            + ": iptables' multiport works for tcp, udp, udplite, sctp and dccp only");
                }
                if (!p.negated()) {
                    pos.add(p.protocol());
                }
            } else if (m instanceof Match.Icmp i) {
                if (i.type().isEmpty()) {
                    if (i.code().isPresent()) {
                        throw new IllegalArgumentException("ICMP code without a type");
                    }
                    (i.negated() ? neg : pos).add(icmp);
                } else if (i.negated()) {
                    negatedIcmpModules.add(icmpModule(i, true));
                } else {
                    pos.add(icmp);
                    icmpModules.add(icmpModule(i, false));
                }
            }
        }
        if (pos.size() > 1) {
            return Slot.NEVER;
        }
        requireProtocolForNegatedPorts(matches, pos);
        if (pos.size() == 1) {
            int p = pos.iterator().next();
            if (neg.contains(p)) {
                return Slot.NEVER;
            }
            List<String> parts = new ArrayList<>();
            parts.add("-p " + name(p));
            if (p == icmp) {
                parts.addAll(icmpModules);
                parts.addAll(negatedIcmpModules);
            }
            // Other negated protocols are implied by the positive one; a negated ICMP type is true for non-ICMP.
            return Slot.fixed(Fragments.join(parts));
        }
        if (negatedIcmpModules.isEmpty() || neg.contains(icmp)) {
            return negations(new ArrayList<>(neg));
        }
        // ICMP goes first, so the guards name only other protocols and never exclude the ICMP alternative.
        List<Integer> notIcmp = new ArrayList<>();
        notIcmp.add(icmp);
        notIcmp.addAll(neg);
        Slot others = negations(notIcmp);
        String icmpAlternative = Fragments.join("-p " + name(icmp), Fragments.join(negatedIcmpModules));
        return Slot.of(ImmutableList.of(others.alternatives().get(0), icmpAlternative), others.guards());
    }

    /** {@code ! -p first} and a guard {@code -p x} for each further protocol. */
    private static Slot negations(List<Integer> neg) {
        if (neg.isEmpty()) {
            return Slot.ANY;
        }
        List<String> guards = new ArrayList<>();
        for (int i = 1; i < neg.size(); i++) {
            guards.add("-p " + name(neg.get(i)));
        }
        return Slot.of(List.of("! -p " + name(neg.get(0))), guards);
    }

    private static void requireProtocolForNegatedPorts(List<Match> matches, Set<Integer> pos) {
        for (Match m : matches) {
            if (m instanceof Match.Ports p && p.negated() && !pos.equals(Set.of(p.protocol()))) {
                throw new IllegalArgumentException(
                        "negated port match needs a positive protocol match of protocol " + p.protocol() + " in the rule");
            }
        }
    }

    private static String icmpModule(Match.Icmp i, boolean negated) {
        String typeCode = typeCode(i.type(), i.code());
        String not = negated ? "! " : "";
        return i.ipFamily() == IpFamily.V4
                ? "-m icmp " + not + "--icmp-type " + typeCode
                : "-m icmp6 " + not + "--icmpv6-type " + typeCode;
    }

    private static String typeCode(OptionalInt type, OptionalInt code) {
        int t = type.getAsInt();
        // 255 is xt_icmp's "any type" and not a real type.
        if (t < 0 || t > 254) {
            throw new IllegalArgumentException("ICMP type out of range 0-254: " + t);
        }
        if (code.isEmpty()) {
            return Integer.toString(t);
        }
        int c = code.getAsInt();
        if (c < 0 || c > 255) {
            throw new IllegalArgumentException("ICMP code out of range 0-255: " + c);
        }
        return t + "/" + c;
    }

    private static int number(int n) {
        // iptables reads -p 0 as "all protocols", so protocol 0 (HOPOPT) cannot be matched.
        if (n < 1 || n > 255) {
            throw new IllegalArgumentException("protocol number out of range 1-255: " + n);
        }
        return n;
    }

    /** The names libxtables knows without /etc/protocols; numbers otherwise. */
    static String name(int n) {
        return switch (n) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> Integer.toString(n);
        };
    }
}

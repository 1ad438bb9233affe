package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Random rulesets for the differential tests: every kind of match and action, in the combinations that take the
 * renderer's rare paths (several interfaces, protocols or networks of one side, long port lists, ICMP types,
 * dispatch, guards) and, now and then, invalid ones (unknown sets and chains, mixed families, actions in the wrong
 * table, bad names), so that errors are compared too. One seed, one ruleset.
 */
final class RandomIr {
    private static final String[] IFACES = {"eth0", "eth1", "eth", "cali", "cali12", "bond0.100", "x", "bad name!"};
    private static final String[] V4 = {"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32",
        "192.168.0.0/16", "172.16.5.0/24", "10.128.0.0/9"};
    private static final String[] V6 = {"::/0", "fd00::/8", "fd00:1::/32", "fd00:1:0:0:5::/80", "2001:db8::1/128",
        "fe80::/10", "2001:0:0:1::/64"};
    private static final int[] PROTOCOLS = {1, 6, 17, 58, 132, 136, 47, 33, 0, 256};
    private static final String[] TEXTS = {"policy a ingress[0]", "", "quote \" and \\ and ' here", "tab\there",
        "ünïcode", "x".repeat(300), "allowed by untracked policy"};

    private final Random r;
    /** A quarter of the rulesets may hold invalid parts; the others only what the renderer must accept. */
    private final boolean hostile;
    private final List<IpSet> sets = new ArrayList<>();
    private final List<String> chainNames = new ArrayList<>();

    /** The most regular chains a ruleset has. */
    private final int maxChains;

    RandomIr(long seed) {
        this(seed, 5);
    }

    /** @param maxChains the most regular chains (5 unless a test needs large rulesets) */
    RandomIr(long seed, int maxChains) {
        this.r = new Random(seed);
        this.hostile = r.nextInt(4) == 0;
        this.maxChains = maxChains;
    }

    Ruleset ruleset() {
        int nSets = r.nextInt(5);
        for (int i = 0; i < nSets; i++) {
            sets.add(set(i));
        }
        int nChains = 1 + r.nextInt(maxChains);
        for (int i = 0; i < nChains; i++) {
            chainNames.add(chainName(i));
        }
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < nChains; i++) {
            chains.add(new Chain(chainNames.get(i), rules(i, null)));
        }
        List<BaseChain> bases = new ArrayList<>();
        bases.add(new BaseChain("hw-filter-input", TableKind.FILTER, Hook.INPUT, rules(-1, TableKind.FILTER)));
        if (r.nextBoolean()) {
            bases.add(new BaseChain("hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING, rules(-1, TableKind.RAW)));
        }
        if (r.nextBoolean()) {
            bases.add(new BaseChain("hw-mangle-forward", TableKind.MANGLE, Hook.FORWARD, rules(-1, TableKind.MANGLE)));
        }
        if (r.nextBoolean()) {
            bases.add(new BaseChain("hw-filter-output", TableKind.FILTER, Hook.OUTPUT, rules(-1, TableKind.FILTER)));
        }
        return IrFixtures.ruleset(bases, chains, sets);
    }

    private String chainName(int i) {
        return switch (r.nextInt(4)) {
            case 0 -> "hw-pi-policy-" + i;
            case 1 -> "hw-po-" + "long-policy-name-".repeat(1 + r.nextInt(4)) + i;
            case 2 -> "hw-fh-eth" + i;
            default -> "hwx" + i;
        };
    }

    private IpSet set(int i) {
        IpFamily f = r.nextBoolean() ? IpFamily.V4 : IpFamily.V6;
        SetType type = r.nextInt(3) == 0 ? SetType.ADDRESS_PROTOCOL_PORT : SetType.NETWORKS;
        String name = (f == IpFamily.V4 ? "hw4" : "hw6") + (type == SetType.NETWORKS ? "n-" : "p-")
                + (r.nextInt(4) == 0 ? "abcdefghijklmnopqrstuvw" : "s") + i;
        List<SetMember> members = new ArrayList<>();
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (type == SetType.NETWORKS) {
                members.add(new SetMember.Network(cidr(f)));
            } else {
                int proto = new int[] {6, 17, 132, 136}[r.nextInt(4)];
                members.add(new SetMember.AddressProtocolPort(cidr(f).address(), proto, r.nextInt(65536)));
            }
        }
        return new IpSet(name, f, type, ImmutableList.copyOf(members));
    }

    /** Rules of a base chain of {@code table}, or of a regular chain ({@code table} null). */
    private ImmutableList<IrRule> rules(int self, TableKind table) {
        List<IrRule> out = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            IrRule rule;
            do {
                rule = new IrRule(matches(), action(self), origin());
            } while (!hostile && !fits(rule, table));
            out.add(rule);
        }
        return ImmutableList.copyOf(out);
    }

    /** What a valid ruleset's rule avoids: conntrack or jumps in raw, actions of another table, bad names. */
    private static boolean fits(IrRule rule, TableKind table) {
        IrAction a = rule.action();
        if (a instanceof IrAction.Reject && table != TableKind.FILTER
                || a instanceof IrAction.Notrack && table != TableKind.RAW) {
            return false;
        }
        if (table == TableKind.RAW && (a instanceof IrAction.Jump || a instanceof IrAction.Goto
                || a instanceof IrAction.Dispatch)) {
            return false;
        }
        for (Match m : rule.matches()) {
            if (table == TableKind.RAW && (m instanceof Match.ConntrackState || m instanceof Match.ConntrackDnat)) {
                return false;
            }
        }
        return true;
    }

    private RuleOrigin origin() {
        int n = r.nextInt(3);
        List<String> text = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text.add(TEXTS[r.nextInt(TEXTS.length)]);
        }
        return new RuleOrigin.Note(ImmutableList.copyOf(text));
    }

    private ImmutableList<Match> matches() {
        // Mostly one family per rule, as the compiler builds them; sometimes mixed, to compare the refusal.
        IpFamily f = r.nextBoolean() ? IpFamily.V4 : IpFamily.V6;
        boolean mixed = hostile && r.nextInt(10) == 0;
        List<Match> out = new ArrayList<>();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
            Match m = match(mixed && r.nextBoolean() ? other(f) : f);
            if (!hostile && !valid(m, f)) {
                continue;
            }
            out.add(m);
            if (!hostile && m instanceof Match.Ports p && r.nextInt(5) > 0) {
                out.add(new Match.Protocol(p.protocol(), false));
            }
        }
        return ImmutableList.copyOf(out);
    }

    private boolean valid(Match m, IpFamily f) {
        if (m instanceof Match.Icmp i) {
            return i.type().isPresent() || i.code().isEmpty();
        }
        if (m instanceof Match.AddressSet s) {
            return sets.stream().anyMatch(x -> x.name().equals(s.setName()) && x.family() == f
                    && x.type() == SetType.NETWORKS);
        }
        if (m instanceof Match.AddressPortSet s) {
            return sets.stream().anyMatch(x -> x.name().equals(s.setName()) && x.family() == f
                    && x.type() == SetType.ADDRESS_PROTOCOL_PORT);
        }
        return true;
    }

    private Match match(IpFamily f) {
        return switch (r.nextInt(13)) {
            case 0, 1 -> new Match.Interface(r.nextBoolean() ? InterfaceDirection.IN : InterfaceDirection.OUT,
                    IFACES[r.nextInt(IFACES.length - (hostile ? 0 : 1))], r.nextInt(3) == 0, r.nextInt(3) == 0);
            case 2 -> new Match.Family(f);
            case 3, 4 -> new Match.Protocol(PROTOCOLS[r.nextInt(PROTOCOLS.length - (hostile ? 0 : 2))], r.nextInt(3) == 0);
            case 5, 6 -> new Match.Address(r.nextBoolean() ? Side.SOURCE : Side.DESTINATION, cidr(f), r.nextInt(3) == 0);
            case 7 -> new Match.AddressSet(r.nextBoolean() ? Side.SOURCE : Side.DESTINATION, setName(), f, r.nextBoolean());
            case 8 -> new Match.AddressPortSet(r.nextBoolean() ? Side.SOURCE : Side.DESTINATION, setName(), f,
                    r.nextBoolean());
            case 9 -> ports(); // see matches(): the protocol a valid rule needs is added there
            case 10 -> new Match.Icmp(f, r.nextBoolean() ? OptionalInt.of(r.nextInt(hostile ? 260 : 255)) : OptionalInt.empty(),
                    r.nextInt(3) == 0 ? OptionalInt.of(r.nextInt(hostile ? 260 : 256)) : OptionalInt.empty(), r.nextBoolean());
            case 11 -> new Match.Mark(r.nextInt(), r.nextInt(), r.nextBoolean());
            default -> r.nextBoolean() ? new Match.ConntrackDnat(r.nextBoolean()) : ctState();
        };
    }

    private Match ctState() {
        EnumSet<CtState> states = EnumSet.noneOf(CtState.class);
        for (CtState s : CtState.values()) {
            if (r.nextInt(3) == 0) {
                states.add(s);
            }
        }
        return new Match.ConntrackState(ImmutableSet.copyOf(states), r.nextBoolean());
    }

    private Match ports() {
        int protocol = new int[] {6, 17, 132, 136, 47}[r.nextInt(hostile ? 5 : 4)];
        List<PortRange> ranges = new ArrayList<>();
        int n = r.nextInt(4) == 0 ? r.nextInt(40) : r.nextInt(6);
        int at = 1 + r.nextInt(20);
        for (int i = 0; i < n && at < 65000; i++) {
            int last = r.nextBoolean() ? at : at + r.nextInt(30);
            ranges.add(new PortRange(at, last));
            at = last + 2 + r.nextInt(50);
        }
        if (hostile && r.nextInt(10) == 0 && ranges.size() > 1) {
            ranges.add(ranges.get(0)); // unsorted: refused
        }
        return new Match.Ports(r.nextBoolean() ? Side.SOURCE : Side.DESTINATION, protocol, ImmutableList.copyOf(ranges),
                r.nextInt(3) == 0);
    }

    private String setName() {
        if (sets.isEmpty() || hostile && r.nextInt(5) == 0) {
            return "hw4n-missing";
        }
        return sets.get(r.nextInt(sets.size())).name();
    }

    private IrAction action(int self) {
        int k = r.nextInt(14);
        return switch (k) {
            case 0, 1 -> new IrAction.Accept();
            case 2 -> new IrAction.Drop();
            case 3 -> new IrAction.Reject();
            case 4 -> new IrAction.Return();
            case 5, 6 -> target(self).<IrAction>map(IrAction.Jump::new).orElse(new IrAction.Drop());
            case 7 -> target(self).<IrAction>map(IrAction.Goto::new).orElse(new IrAction.Drop());
            case 8 -> new IrAction.SetMark(0x10000, 0x10000);
            case 9 -> new IrAction.Log(TEXTS[r.nextInt(TEXTS.length)]);
            case 10 -> new IrAction.Notrack();
            case 11 -> dispatch(self);
            default -> new IrAction.Accept();
        };
    }

    private IrAction dispatch(int self) {
        ImmutableSortedMap.Builder<String, String> targets = ImmutableSortedMap.naturalOrder();
        int n = r.nextInt(4);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String iface = IFACES[r.nextInt(IFACES.length - 1)];
            Optional<String> t = target(self);
            if (t.isPresent() && !used.contains(iface)) {
                used.add(iface);
                targets.put(iface, t.get());
            }
        }
        return new IrAction.Dispatch(r.nextBoolean() ? InterfaceDirection.IN : InterfaceDirection.OUT, targets.build());
    }

    /** A chain later than {@code self} (so there are no loops), sometimes one that does not exist. */
    private Optional<String> target(int self) {
        if (hostile && r.nextInt(10) == 0) {
            return Optional.of("hw-missing");
        }
        int from = self + 1;
        if (from >= chainNames.size()) {
            return Optional.empty();
        }
        return Optional.of(chainNames.get(from + r.nextInt(chainNames.size() - from)));
    }

    private Cidr cidr(IpFamily f) {
        String[] pool = f == IpFamily.V4 ? V4 : V6;
        String text = pool[r.nextInt(pool.length)];
        if (r.nextInt(4) == 0) {
            // a random network of the family
            byte[] bytes = new byte[f == IpFamily.V4 ? 4 : 16];
            r.nextBytes(bytes);
            for (int i = 0; i < bytes.length; i++) {
                if (r.nextInt(3) == 0) {
                    bytes[i] = 0; // zero runs for the IPv6 text
                }
            }
            try {
                InetAddress a = bytes.length == 16 ? v6(bytes) : InetAddress.getByAddress(bytes);
                return Cidr.of(a, r.nextInt(bytes.length * 8 + 1));
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        if (f == IpFamily.V6 && r.nextInt(8) == 0) {
            // IPv4-mapped: stays IPv6 text in the IPv6 document
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            mapped[12] = 10;
            return Cidr.of(v6(mapped), 96 + r.nextInt(33));
        }
        return Cidr.parseStrict(text).orElseThrow(() -> new AssertionError(text));
    }

    private static InetAddress v6(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static IpFamily other(IpFamily f) {
        return f == IpFamily.V4 ? IpFamily.V6 : IpFamily.V4;
    }
}

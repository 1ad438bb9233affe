package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Random rulesets within the IR's contract (one family per rule, ports next to their protocol, jumps forward only
 * so there are no loops, reject only in filter base chains, notrack only in raw base chains), for loadability.
 */
final class RandomIr {
    private static final String[] IFACES = {"eth0", "eth1", "bond0.100", "ens3", "cali", "vlan_7", "lo"};
    private static final int[] PROTOCOLS = {6, 17, 132, 136, 1, 58, 47};
    private static final int[] PORT_PROTOCOLS = {6, 17, 132, 136};

    private final Random random;
    /** For policy rule origins only (or null): the rest of a ruleset stays what the seed gave before they existed. */
    private final Random origins;
    private final List<IpSet> sets = new ArrayList<>();

    RandomIr(long seed) {
        this(seed, false);
    }

    /**
     * @param policyOrigins whether some rules carry policy or profile origins (their comments); off for the
     *     kernel tests, whose seeds keep the rulesets they always had
     */
    RandomIr(long seed, boolean policyOrigins) {
        this.random = new Random(seed);
        this.origins = policyOrigins ? new Random(~seed) : null;
    }

    Ruleset next() {
        sets.clear();
        IrFixtures.RulesetBuilder b = IrFixtures.ruleset("random");
        for (IpFamily f : IpFamily.values()) {
            for (int i = 0; i < 1 + random.nextInt(2); i++) {
                IpSet s = f == IpFamily.V4
                        ? IrFixtures.netSet("hw4n-r" + i, f, "10." + i + ".0.0/16", "192.168." + i + ".0/24")
                        : IrFixtures.netSet("hw6n-r" + i, f, "fd0" + i + "::/64", "2001:db8:" + i + "::/48");
                sets.add(s);
            }
            sets.add(f == IpFamily.V4 ? IrFixtures.addressPortSet("hw4p-r", f, "10.0.0.1,6,80", "10.0.0.2,17,53")
                    : IrFixtures.addressPortSet("hw6p-r", f, "fd00::1,6,443"));
        }
        sets.forEach(b::set);
        int chains = 1 + random.nextInt(6);
        for (int c = 0; c < chains; c++) {
            List<IrRule> rules = new ArrayList<>();
            for (int r = 0; r < random.nextInt(6); r++) {
                rules.add(rule(c + 1, chains, null));
            }
            b.chain("hw-c" + c, rules);
        }
        List<Object[]> bases = List.of(
                new Object[] {"hw-raw-prerouting", TableKind.RAW, Hook.PREROUTING},
                new Object[] {"hw-raw-output", TableKind.RAW, Hook.OUTPUT},
                new Object[] {"hw-mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING},
                new Object[] {"hw-mangle-postrouting", TableKind.MANGLE, Hook.POSTROUTING},
                new Object[] {"hw-filter-input", TableKind.FILTER, Hook.INPUT},
                new Object[] {"hw-filter-forward", TableKind.FILTER, Hook.FORWARD},
                new Object[] {"hw-filter-output", TableKind.FILTER, Hook.OUTPUT});
        for (Object[] base : bases) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            TableKind t = (TableKind) base[1];
            List<IrRule> rules = new ArrayList<>();
            for (int r = 0; r < random.nextInt(6); r++) {
                rules.add(rule(0, chains, t));
            }
            b.base((String) base[0], t, (Hook) base[2], rules.toArray(IrRule[]::new));
        }
        return b.build();
    }

    /** A rule that may jump to chains {@code firstTarget..chains-1}; {@code base} is the base chain's table, if any. */
    private IrRule rule(int firstTarget, int chains, TableKind base) {
        IpFamily family = switch (random.nextInt(3)) {
            case 0 -> IpFamily.V4;
            case 1 -> IpFamily.V6;
            default -> null;
        };
        List<Match> m = new ArrayList<>();
        if (family != null && random.nextBoolean()) {
            m.add(new Match.Family(family));
        }
        if (random.nextInt(3) == 0) {
            String name = IFACES[random.nextInt(IFACES.length)];
            m.add(new Match.Interface(pick(InterfaceDirection.values()), name, random.nextBoolean(), random.nextBoolean()));
        }
        if (random.nextBoolean()) {
            boolean ports = random.nextBoolean();
            int p = ports ? PORT_PROTOCOLS[random.nextInt(PORT_PROTOCOLS.length)] : PROTOCOLS[random.nextInt(PROTOCOLS.length)];
            m.add(new Match.Protocol(p, !ports && random.nextInt(4) == 0));
            if (ports) {
                m.add(new Match.Ports(pick(Side.values()), p, ranges(), random.nextInt(4) == 0));
            }
        }
        if (family != null) {
            switch (random.nextInt(5)) {
                case 0 -> m.add(new Match.Address(pick(Side.values()),
                        IrFixtures.cidr(family == IpFamily.V4 ? "172.16.0.0/12" : "fe80::/10"), random.nextBoolean()));
                case 1 -> m.add(new Match.AddressSet(pick(Side.values()), set(family, SetType.NETWORKS), family,
                        random.nextBoolean()));
                case 2 -> m.add(new Match.AddressPortSet(pick(Side.values()), set(family, SetType.ADDRESS_PROTOCOL_PORT),
                        family, random.nextBoolean()));
                case 3 -> m.add(new Match.Icmp(family,
                        random.nextBoolean() ? OptionalInt.of(random.nextInt(256)) : OptionalInt.empty(),
                        OptionalInt.empty(), random.nextBoolean()));
                default -> { }
            }
            if (!m.isEmpty() && m.get(m.size() - 1) instanceof Match.Icmp i && i.type().isPresent() && random.nextBoolean()) {
                m.set(m.size() - 1, new Match.Icmp(family, i.type(), OptionalInt.of(random.nextInt(256)), i.negated()));
            }
        }
        if (random.nextInt(3) == 0) {
            int bit = 1 << (16 + random.nextInt(5));
            m.add(new Match.Mark(bit, random.nextBoolean() ? bit : 0, random.nextBoolean()));
        }
        if (random.nextInt(3) == 0) {
            EnumSet<CtState> states = EnumSet.noneOf(CtState.class);
            for (CtState s : CtState.values()) {
                if (random.nextBoolean()) {
                    states.add(s);
                }
            }
            if (!states.isEmpty()) {
                m.add(new Match.ConntrackState(ImmutableSet.copyOf(states), random.nextBoolean()));
            }
        }
        if (random.nextInt(5) == 0) {
            m.add(new Match.ConntrackDnat(random.nextBoolean()));
        }
        // Within the IR's contract: a positive ICMP match goes with no protocol match or with its own protocol.
        int icmpProto = family == IpFamily.V6 ? 58 : 1;
        boolean otherProtocol = m.stream().anyMatch(x -> x instanceof Match.Protocol p && !p.negated() && p.number() != icmpProto);
        for (int k = 0; k < m.size(); k++) {
            if (m.get(k) instanceof Match.Icmp i && !i.negated() && otherProtocol) {
                m.set(k, new Match.Icmp(i.ipFamily(), i.type(), i.code(), true));
            }
        }
        IrRule r = IrRule.of(action(firstTarget, chains, base), m.toArray(Match[]::new));
        if (random.nextBoolean()) {
            return r.withNote("random rule " + random.nextInt(1000) + " \"quoted\" ; {x}");
        }
        return origins != null && origins.nextBoolean() ? r.withOrigin(policyRule()) : r;
    }

    /**
     * Policy and profile rule names the comment writer treats apart: plain, unsafe characters, and long ones whose
     * comment reaches the 128-byte limit only with a long rule index; sometimes with annotations.
     */
    private static final String[] POLICY_NAMES = {"default.allow-ssh", "x", "tier1.a\"b$c\\d", "default.\u00e9t\u00e9",
        "default." + "p".repeat(100), "default." + "q".repeat(103), "default." + "r".repeat(120)};

    private RuleOrigin.PolicyRule policyRule() {
        boolean profile = origins.nextInt(4) == 0;
        ImmutableSortedMap<String, String> annotations = origins.nextInt(4) == 0
                ? ImmutableSortedMap.of("team", origins.nextBoolean() ? "net" : "a\"b") : ImmutableSortedMap.of();
        int index = origins.nextBoolean() ? origins.nextInt(3) : origins.nextInt(Integer.MAX_VALUE);
        return new RuleOrigin.PolicyRule(profile ? RuleOrigin.Owner.PROFILE : RuleOrigin.Owner.POLICY,
                POLICY_NAMES[origins.nextInt(POLICY_NAMES.length)], profile ? Optional.empty() : Optional.of("default"),
                origins.nextBoolean() ? RuleOrigin.Direction.INGRESS : RuleOrigin.Direction.EGRESS, index, annotations);
    }

    private IrAction action(int firstTarget, int chains, TableKind base) {
        boolean canJump = firstTarget < chains;
        switch (random.nextInt(10)) {
            case 0: return new IrAction.Accept();
            case 1: return new IrAction.Drop();
            case 2: return base == TableKind.FILTER ? new IrAction.Reject() : new IrAction.Return();
            case 3: return canJump ? new IrAction.Jump(target(firstTarget, chains)) : new IrAction.Return();
            case 4: return canJump ? new IrAction.Goto(target(firstTarget, chains)) : new IrAction.Accept();
            case 5: {
                int mask = random.nextBoolean() ? 0x1b0000 : 1 << (16 + random.nextInt(5));
                return new IrAction.SetMark(random.nextBoolean() ? mask : 0, mask);
            }
            case 6: return new IrAction.Log(random.nextBoolean() ? "hw: " : "x\"y$z\\");
            case 7: return base == TableKind.RAW ? new IrAction.Notrack() : new IrAction.Drop();
            default: {
                if (!canJump) {
                    return new IrAction.Return();
                }
                ImmutableSortedMap.Builder<String, String> t = ImmutableSortedMap.naturalOrder();
                List<String> names = new ArrayList<>(List.of(IFACES));
                java.util.Collections.shuffle(names, random);
                for (String n : names.subList(0, 1 + random.nextInt(4))) {
                    t.put(n, target(firstTarget, chains));
                }
                return new IrAction.Dispatch(pick(InterfaceDirection.values()), t.build());
            }
        }
    }

    private String target(int first, int chains) {
        return "hw-c" + (first + random.nextInt(chains - first));
    }

    private String set(IpFamily f, SetType t) {
        List<IpSet> fit = sets.stream().filter(s -> s.family() == f && s.type() == t).toList();
        return fit.get(random.nextInt(fit.size())).name();
    }

    private ImmutableList<PortRange> ranges() {
        List<PortRange> out = new ArrayList<>();
        int next = 1 + random.nextInt(100);
        for (int i = 0; i < 1 + random.nextInt(4) && next < 65000; i++) {
            int last = random.nextBoolean() ? next : next + random.nextInt(50);
            out.add(new PortRange(next, last));
            next = last + 2 + random.nextInt(500);
        }
        return ImmutableList.copyOf(out);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}

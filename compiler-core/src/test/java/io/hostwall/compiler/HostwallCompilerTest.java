package io.hostwall.compiler;

import static io.hostwall.compiler.TestModel.gnp;
import static io.hostwall.compiler.TestModel.gns;
import static io.hostwall.compiler.TestModel.hep;
import static io.hostwall.compiler.TestModel.hepWithIps;
import static io.hostwall.compiler.TestModel.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.TableKind;
import io.hostwall.model.Action;
import io.hostwall.model.HttpMatch;
import io.hostwall.model.PolicySet;
import io.hostwall.model.PortSpec;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import io.hostwall.model.Tier;
import io.hostwall.model.TierAction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostwallCompilerTest {
    private final HostwallCompiler compiler = HostwallCompiler.create(CompileOptions.defaults());

    private Ruleset compile(Resource... resources) throws CompileException {
        return compiler.compile(PolicySet.of(List.of(resources)), "node1").ruleset();
    }

    private static Chain chain(Ruleset r, String name) {
        return r.chain(name).orElseThrow(() -> new AssertionError("no chain " + name + " in " + r.chains().stream().map(Chain::name).toList()));
    }

    private static List<String> jumps(Chain c) {
        return c.rules().stream().map(IrRule::action).filter(a -> a instanceof IrAction.Jump)
                .map(a -> ((IrAction.Jump) a).chain()).toList();
    }

    @Test
    void bareEndpointDropsHostTrafficBothWaysButForwardsByDefault() throws Exception {
        Ruleset r = compile(hep("node1-eth0", "node1", "eth0"));
        IrRule lastIn = chain(r, "hw-fh-eth0").rules().get(chain(r, "hw-fh-eth0").rules().size() - 1);
        IrRule lastOut = chain(r, "hw-th-eth0").rules().get(chain(r, "hw-th-eth0").rules().size() - 1);
        assertInstanceOf(IrAction.Drop.class, lastIn.action());
        assertTrue(lastIn.matches().isEmpty(), "final drop is unconditional");
        assertInstanceOf(IrAction.Drop.class, lastOut.action());
        List<IrRule> fwd = chain(r, "hw-fhfw-eth0").rules();
        assertEquals(new IrAction.SetMark(0x10000, 0x10000), fwd.get(fwd.size() - 2).action());
        assertInstanceOf(IrAction.Return.class, fwd.get(fwd.size() - 1).action());
    }

    @Test
    void nodeWithoutEndpointsPolicesNothing() throws Exception {
        Ruleset r = compile(hep("other", "node2", "eth0"), gnp("p").ingress(rule(Action.DENY).build()).build());
        assertTrue(r.chains().isEmpty(), "no endpoint, policy or dispatch chains: " + r.chains());
        assertEquals(7, r.baseChains().size());
    }

    @Test
    void policiesRunByOrderThenNameWithMissingOrderLast() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                gnp("c").ingress(rule(Action.ALLOW).build()).build(),
                gnp("b").order(10).ingress(rule(Action.ALLOW).build()).build(),
                gnp("a").order(10).ingress(rule(Action.ALLOW).build()).build(),
                gnp("z").order(1.5).ingress(rule(Action.ALLOW).build()).build());
        assertEquals(List.of("hw-failsafe-in", "hw-pi-z", "hw-pi-a", "hw-pi-b", "hw-pi-c"), jumps(chain(r, "hw-fh-eth0")));
    }

    @Test
    void tiersRunByTierOrderAndOnlyDenyTiersEndInADrop() throws Exception {
        Tier first = new Tier("first", ImmutableSortedMap.of(), OptionalDouble.of(1), TierAction.PASS);
        Ruleset r = compile(hep("h", "node1", "eth0"), first,
                gnp("in-default").order(1).ingress(rule(Action.ALLOW).build()).build(),
                gnp("in-first").tier("first").order(100).ingress(rule(Action.PASS).build()).build());
        List<IrRule> rules = chain(r, "hw-fh-eth0").rules();
        assertEquals(List.of("hw-failsafe-in", "hw-pi-in-first", "hw-pi-in-default"), jumps(chain(r, "hw-fh-eth0")));
        List<RuleOrigin> endOfTierDrops = rules.stream().map(IrRule::origin)
                .filter(o -> o instanceof RuleOrigin.Builtin b && b.purpose() == RuleOrigin.Purpose.TIER_END).toList();
        assertEquals(List.of(RuleOrigin.Builtin.of(RuleOrigin.Purpose.TIER_END, "default")), endOfTierDrops,
                "the Pass tier has no end-of-tier drop, the default tier has one");
        assertEquals(List.of("end of tier default: drop if no policy passed the packet"), endOfTierDrops.get(0).comments());
    }

    @Test
    void equalAddressListsShareOneContentAddressedSet() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                gnp("p1").ingress(rule(Action.ALLOW).sourceNets(FIVE_NETS).build()).build(),
                gnp("p2").ingress(rule(Action.DENY).sourceNets(reversed(FIVE_NETS)).build()).build());
        assertEquals(1, r.sets().size());
        IpSet set = r.sets().get(0);
        assertTrue(set.name().length() <= 31 && set.name().matches("[A-Za-z0-9_-]+"), set.name());
        long refs = r.chains().stream().flatMap(c -> c.rules().stream()).flatMap(x -> x.matches().stream())
                .filter(m -> m instanceof Match.AddressSet s && s.setName().equals(set.name())).count();
        assertEquals(2, refs);
    }

    private static final String[] FIVE_NETS = {"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"};

    private static String[] reversed(String[] a) {
        List<String> l = new ArrayList<>(List.of(a));
        Collections.reverse(l);
        return l.toArray(new String[0]);
    }

    @Test
    void shortNetsListsBecomeOneRuleEachInsteadOfASet() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                gnp("p").ingress(rule(Action.ALLOW).sourceNets("10.1.0.0/16", "10.2.0.0/16").build()).build());
        assertTrue(r.sets().isEmpty());
        List<IrRule> rules = chain(r, "hw-pi-p").rules();
        assertEquals(2, rules.stream().filter(x -> x.action().equals(new IrAction.SetMark(0x10000, 0x10000))).count(), rules.toString());
    }

    @Test
    void aSingleAddressNeedsNoSet() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                gnp("p").ingress(rule(Action.ALLOW).sourceNets("10.1.0.0/16").build()).build());
        assertTrue(r.sets().isEmpty());
        assertTrue(chain(r, "hw-pi-p").rules().get(0).matches().contains(
                new Match.Address(io.hostwall.ir.Side.SOURCE, TestModel.cidr("10.1.0.0/16"), false)));
    }

    @Test
    void ruleSelectorsResolveToExpectedIpsOfAnyNodeAndNetworkSetsCoalesced() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                hepWithIps("far", "node2", "eth0", List.of("10.9.0.1", "fd00::1"), "role", "db"),
                gns("nets", List.of("10.9.0.0/24", "192.0.2.0/24"), "role", "db"),
                gnp("p").ingress(rule(Action.ALLOW).sourceSelector("role == 'db'").build()).build());
        IpSet v4 = r.sets().stream().filter(s -> s.family() == io.hostwall.net.IpFamily.V4).findFirst().orElseThrow();
        assertEquals(List.of(new SetMember.Network(TestModel.cidr("10.9.0.0/24")),
                new SetMember.Network(TestModel.cidr("192.0.2.0/24"))), v4.members(), "10.9.0.1 lies inside 10.9.0.0/24");
        List<IrRule> p = chain(r, "hw-pi-p").rules();
        assertTrue(p.stream().anyMatch(x -> x.matches().contains(new Match.Address(io.hostwall.ir.Side.SOURCE,
                TestModel.cidr("fd00::1/128"), false))), "the v6 side has one address: inline: " + p);
    }

    @Test
    void aSelectorThatResolvesToNothingDropsTheRule() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0", "host-endpoint", "ingress"),
                gnp("p").ingress(rule(Action.ALLOW).protocol(Protocol.TCP).destinationSelector("has(host-endpoint)")
                        .destinationPorts(PortSpec.port(31852)).build()).build());
        assertTrue(chain(r, "hw-pi-p").rules().isEmpty(), "no HEP has expectedIPs: the rule can never match");
    }

    @Test
    void httpMatchOnAHostEndpointPolicyFailsNamingTheField() {
        Rule http = new Rule(Action.ALLOW, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), io.hostwall.model.EntityRule.ANY, io.hostwall.model.EntityRule.ANY,
                Optional.of(new HttpMatch(ImmutableList.of("GET"), ImmutableList.of())), ImmutableSortedMap.of());
        CompileException e = assertThrows(CompileException.class,
                () -> compile(hep("h", "node1", "eth0"), gnp("web").ingress(rule(Action.DENY).build(), http).build()));
        assertEquals("GlobalNetworkPolicy \"web\": spec.ingress[1].http: HTTP matches need application-layer policy on"
                + " a workload; a host endpoint cannot enforce them", e.problems().get(0).toString());
    }

    @Test
    void unenforceableFieldsOnPoliciesOfOtherNodesDoNotFailThisNode() throws Exception {
        Rule http = new Rule(Action.ALLOW, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), io.hostwall.model.EntityRule.ANY, io.hostwall.model.EntityRule.ANY,
                Optional.of(new HttpMatch(ImmutableList.of("GET"), ImmutableList.of())), ImmutableSortedMap.of());
        Ruleset r = compile(hep("h", "node1", "eth0"), gnp("web").selector("role == 'web'").ingress(http).build());
        assertTrue(r.chain("hw-pi-web").isEmpty());
    }

    @Test
    void aPolicyInAnUndefinedTierFailsCompile() {
        CompileException e = assertThrows(CompileException.class,
                () -> compile(hep("h", "node1", "eth0"), gnp("p").tier("security").build()));
        assertEquals("spec.tier", e.problems().get(0).field());
    }

    @Test
    void allInterfacesEndpointIsTheDefaultOfDispatchButNeverUntracked() throws Exception {
        CompiledNode c = compiler.compile(PolicySet.of(List.of(
                hep("named", "node1", "eth0"), hep("star", "node1", "*"),
                gnp("raw").doNotTrack().ingress(rule(Action.ALLOW).build()).build())), "node1");
        Ruleset r = c.ruleset();
        List<IrRule> from = chain(r, "hw-from-hep").rules();
        assertEquals(new IrAction.Goto("hw-fh-any-interface-at-all"), from.get(from.size() - 1).action());
        assertTrue(from.get(0).action() instanceof IrAction.Dispatch d && d.targets().equals(
                ImmutableSortedMap.of("eth0", "hw-fh-eth0")));
        assertTrue(r.chain("hw-ufh-eth0").isPresent());
        assertTrue(r.chain("hw-ufh-any-interface-at-all").isEmpty());
        assertTrue(c.warnings().stream().anyMatch(w -> w.message().contains("doNotTrack") && w.field().equals("spec.interfaceName")));
    }

    @Test
    void chainNamesKeepPolicyNamesAndHashOnlyBeyond128Characters() throws Exception {
        String longName = "a-very-long-policy-name-that-goes-on-and-on-well-past-the-iptables-limit";
        String tooLong = "x".repeat(125) + ".y";
        Ruleset r = compile(hep("h", "node1", "eth0"), hep("star", "node1", "*"),
                gnp(longName).applyOnForward().ingress(rule(Action.ALLOW).sourceNets("10.0.0.0/8", "11.0.0.0/8").build()).build(),
                gnp(tooLong).ingress(rule(Action.ALLOW).build()).build());
        for (Chain c : r.chains()) {
            assertTrue(c.name().length() <= 128 && c.name().matches("[A-Za-z0-9_.-]+"), c.name());
        }
        for (BaseChain b : r.baseChains()) {
            assertTrue(b.name().length() <= 28, b.name());
        }
        assertTrue(r.chain("hw-pi-" + longName).isPresent(), "readable names are kept");
        assertEquals(1, r.chains().stream().filter(c -> c.name().startsWith("hw-pi-_")).count(),
                "a name past 128 characters is hashed");
    }

    @Test
    void rejectIsOnlyUsedWhereTheKernelAllowsIt() throws Exception {
        HostwallCompiler rejecting = HostwallCompiler.create(CompileOptions.builder().denyAction(DenyAction.REJECT).build());
        Ruleset r = rejecting.compile(PolicySet.of(List.of(hep("h", "node1", "eth0"), hep("s", "node1", "*"),
                gnp("out").egress(rule(Action.DENY).build()).build(),
                gnp("pre").preDnat().ingress(rule(Action.DENY).build()).build(),
                gnp("raw").doNotTrack().ingress(rule(Action.DENY).build()).build())), "node1").ruleset();
        boolean sawReject = false;
        for (BaseChain b : r.baseChains()) {
            for (Chain c : reachable(r, b)) {
                for (IrRule x : c.rules()) {
                    if (x.action() instanceof IrAction.Reject) {
                        sawReject = true;
                        assertEquals(TableKind.FILTER, b.table(), c.name() + " rejects but is reached from " + b.name());
                    }
                }
            }
        }
        assertTrue(sawReject, "the filter stage does reject");
    }

    @Test
    void equalInputsGiveAnEqualRulesetWhateverTheOrder() throws Exception {
        List<Resource> resources = new ArrayList<>(List.of(hep("h", "node1", "eth0"), hep("g", "node1", "eth1"),
                hepWithIps("x", "node2", "eth0", List.of("10.0.0.1", "10.0.0.2"), "a", "b"),
                gnp("p1").order(3).ingress(rule(Action.ALLOW).sourceSelector("a == 'b'").build()).build(),
                gnp("p2").egress(rule(Action.DENY).destinationNets("10.0.0.0/8", "12.0.0.0/8").build()).build()));
        Ruleset first = compile(resources.toArray(new Resource[0]));
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(resources, new Random(seed));
            assertEquals(first, compile(resources.toArray(new Resource[0])));
        }
    }

    @Test
    void aRuleForOneFamilyCarriesItsFamily() throws Exception {
        Ruleset r = compile(hep("h", "node1", "eth0"),
                gnp("p").ingress(rule(Action.ALLOW).protocol(Protocol.ICMP).build()).build());
        IrRule first = chain(r, "hw-pi-p").rules().get(0);
        assertEquals(Optional.of(io.hostwall.net.IpFamily.V4), first.family());
        assertFalse(first.appliesTo(io.hostwall.net.IpFamily.V6));
    }

    /** Chains reachable from a base chain through jumps, gotos and dispatch. */
    static List<Chain> reachable(Ruleset r, BaseChain base) {
        List<Chain> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<IrRule> work = new ArrayDeque<>(base.rules());
        while (!work.isEmpty()) {
            IrRule x = work.pop();
            List<String> targets = List.of();
            if (x.action() instanceof IrAction.Jump j) {
                targets = List.of(j.chain());
            } else if (x.action() instanceof IrAction.Goto g) {
                targets = List.of(g.chain());
            } else if (x.action() instanceof IrAction.Dispatch d) {
                targets = List.copyOf(d.targets().values());
            }
            for (String t : targets) {
                if (seen.add(t)) {
                    Chain c = chain(r, t);
                    out.add(c);
                    work.addAll(c.rules());
                }
            }
        }
        return out;
    }
}

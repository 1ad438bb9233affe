package io.hostwall.compiler.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Coverage;
import io.hostwall.compiler.gen.PacketArbitraries;
import io.hostwall.compiler.gen.PolicySetArbitraries;
import io.hostwall.compiler.gen.Universe;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants the oracle must keep on any valid set, whatever the compiler does. Each property checks several
 * packets per generated set (building the oracle is the expensive part).
 */
class OracleProperties {

    @Provide
    Arbitrary<PolicySet> sets() {
        return PolicySetArbitraries.policySets();
    }

    /** Up to ten packets per set: building the oracle is the expensive part. */
    @Provide
    Arbitrary<List<Packet>> packets() {
        return PacketArbitraries.packets().list().ofMinSize(1).ofMaxSize(10);
    }

    private static PolicyOracle oracle(PolicySet set) {
        return new PolicyOracle(set, Universe.NODE, CompileOptions.defaults());
    }

    /** Some endpoint of node1 polices this interface in the normal/forward stages (a named one or {@code *}). */
    private static boolean policed(PolicySet set, String iface) {
        return set.hostEndpoints().stream().filter(h -> h.node().equals(Universe.NODE))
                .anyMatch(h -> h.isAllInterfaces() || h.interfaceName().filter(iface::equals).isPresent());
    }

    @Property(tries = 1000)
    void everyDecisionIsConsistent(@ForAll("sets") PolicySet set, @ForAll("packets") List<Packet> ps) {
        Coverage.collect(set);
        PolicyOracle o = oracle(set);
        for (Packet p : ps) {
            Decision d = o.evaluate(p);
            boolean denied = d.stages().stream().anyMatch(s -> s.effect() == Effect.DENY);
            assertEquals(denied ? Verdict.DENY : Verdict.ALLOW, d.verdict(), d::text);
            if (denied) {
                assertEquals(Effect.DENY, d.deciding().effect(), d::text);
            }
            assertTrue(d.text().endsWith("verdict: " + d.verdict()), d::text);
            assertEquals(d, o.evaluate(p), "deterministic");
        }
    }

    @Property(tries = 1000)
    void packetsOnInterfacesNoEndpointPolicesAreAllowed(@ForAll("sets") PolicySet set,
            @ForAll("packets") List<Packet> ps) {
        PolicyOracle o = oracle(set);
        for (Packet p : ps) {
            if (p.inInterface().filter(i -> policed(set, i)).isEmpty()
                    && p.outInterface().filter(i -> policed(set, i)).isEmpty()) {
                Decision d = o.evaluate(p);
                assertEquals(Verdict.ALLOW, d.verdict(), d::text);
            }
        }
    }

    @Property(tries = 1000)
    void establishedPacketsAreDeniedOnlyByUntrackedPolicy(@ForAll("sets") PolicySet set,
            @ForAll("packets") List<Packet> ps) {
        PolicyOracle o = oracle(set);
        for (Packet p : ps) {
            if (p.state() != Packet.ConnState.ESTABLISHED) {
                continue;
            }
            Decision d = o.evaluate(p);
            if (d.verdict() == Verdict.DENY) {
                // Denied in raw, or after an untracked allow took the packet out of conntrack's care.
                boolean untracked = d.stages().stream().anyMatch(s -> s.stage().kind() == Stage.Kind.UNTRACKED
                        && (s.effect() == Effect.DENY || s.effect() == Effect.HAND_OVER));
                assertTrue(untracked, d::text);
            }
        }
    }

    /**
     * Failsafe packets to and from the host (not DNAT'd) that conntrack does not call INVALID are always allowed:
     * every host stage, raw included, accepts them before any policy, so not even untracked policy can deny them.
     * (An INVALID one passes raw but meets a tracked stage's conntrack block first.)
     */
    @Property(tries = 1000)
    void failsafePacketsToAndFromTheHostAreAllowed(@ForAll("sets") PolicySet set,
            @ForAll("packets") List<Packet> ps) {
        PolicyOracle o = oracle(set);
        for (Packet p0 : ps) {
            Packet p = withoutDnat(p0);
            boolean failsafe = p.isToHost() && matches(o.inboundFailsafes(), p, p.destinationPort(), p.source())
                    || p.isFromHost() && matches(o.outboundFailsafes(), p, p.destinationPort(), p.destination());
            if (failsafe && p.state() != Packet.ConnState.INVALID) {
                Decision d = o.evaluate(p);
                assertEquals(Verdict.ALLOW, d.verdict(), d::text);
            }
        }
    }

    /**
     * With no policies and no profiles, an endpoint lets host traffic through only when conntrack knows it or a
     * failsafe entry matches (as filter sees it, after DNAT); forwarded traffic is allowed. Whatever conntrack calls
     * INVALID is dropped wherever an endpoint polices the packet.
     */
    @Property(tries = 1000)
    void withoutPoliciesHostTrafficIsDeniedExceptFailsafes(@ForAll("sets") PolicySet full,
            @ForAll("packets") List<Packet> ps) {
        PolicySet set = withoutPolicies(full);
        PolicyOracle o = oracle(set);
        for (Packet p : ps) {
            Decision d = o.evaluate(p);
            boolean expectAllow;
            boolean invalid = p.state() == Packet.ConnState.INVALID;
            // INVALID packets are never DNAT'd: filter sees the original destination.
            InetAddress dst = invalid ? p.destination() : p.destinationAfterDnat();
            OptionalInt dport = invalid ? p.destinationPort() : p.destinationPortAfterDnat();
            if (p.isForwarded()) {
                expectAllow = !invalid
                        || !policed(set, p.inInterface().orElseThrow()) && !policed(set, p.outInterface().orElseThrow());
            } else if (p.isToHost()) {
                String in = p.inInterface().orElseThrow();
                expectAllow = !policed(set, in) || in.startsWith("cali") || p.state() == Packet.ConnState.ESTABLISHED
                        || !invalid && matches(o.inboundFailsafes(), p, dport, p.source());
            } else {
                String out = p.outInterface().orElseThrow();
                expectAllow = !policed(set, out) || out.startsWith("cali")
                        || p.state() == Packet.ConnState.ESTABLISHED
                        || !invalid && matches(o.outboundFailsafes(), p, dport, dst);
            }
            assertEquals(expectAllow ? Verdict.ALLOW : Verdict.DENY, d.verdict(), d::text);
        }
    }

    @Property(tries = 1000)
    void forwardedTrafficIsAllowedWhenNoPolicyCouldSeeIt(@ForAll("sets") PolicySet full,
            @ForAll("packets") List<Packet> ps) {
        // Keep only normal policies without applyOnForward: none of them sees forwarded packets.
        List<Resource> kept = new ArrayList<>();
        for (Resource r : full.all()) {
            if (!(r instanceof io.hostwall.model.GlobalNetworkPolicy g) || !g.applyOnForward()) {
                kept.add(r);
            }
        }
        PolicyOracle o = oracle(PolicySet.of(kept));
        for (Packet p : ps) {
            if (p.isForwarded() && p.state() != Packet.ConnState.INVALID) {
                Decision d = o.evaluate(p);
                assertEquals(Verdict.ALLOW, d.verdict(), d::text);
            }
        }
    }

    private static Packet withoutDnat(Packet p) {
        return new Packet(p.family(), p.source(), p.destination(), p.protocol(), p.sourcePort(), p.destinationPort(),
                p.icmpType(), p.icmpCode(), p.inInterface(), p.outInterface(), java.util.Optional.empty(), p.state());
    }

    /** An independent reading of a failsafe entry: protocol, port, and the net (of the packet's family) if any. */
    private static boolean matches(ImmutableList<FailsafePort> list, Packet p, OptionalInt port, InetAddress netSide) {
        for (FailsafePort f : list) {
            if (f.protocol().number() == p.protocol() && port.isPresent() && port.getAsInt() == f.port()
                    && f.net().map(n -> n.contains(netSide)).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    private static PolicySet withoutPolicies(PolicySet set) {
        List<Resource> kept = new ArrayList<>();
        for (Resource r : set.all()) {
            if (r instanceof HostEndpoint h) {
                kept.add(new HostEndpoint(h.name(), h.labels(), h.node(), h.interfaceName(), h.expectedIPs(),
                        ImmutableList.of(), h.ports()));
            } else if (!(r instanceof io.hostwall.model.GlobalNetworkPolicy)) {
                kept.add(r);
            }
        }
        return PolicySet.of(kept);
    }
}

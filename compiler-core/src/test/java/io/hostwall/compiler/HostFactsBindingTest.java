package io.hostwall.compiler;

import static io.hostwall.compiler.gen.Models.hep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Profile;
import io.hostwall.model.Resource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS §1, FR §5: an expectedIPs-only endpoint polices every interface the host facts give its addresses. */
class HostFactsBindingTest {
    private static final NodeFacts FACTS = NodeFacts.builder()
            .addInterface("eth0", "10.0.0.1")
            .addInterface("eth1", "10.0.1.1", "fd00:1::1")
            .addInterface("eth2", "192.0.2.1")
            .addInterface("cali7", "10.0.1.1")
            .build();

    private static Packet in(String iface, String dst) {
        return Packets.tcp(dst.contains(":") ? "2001:db8::9" : "203.0.113.9", 40000, dst, 80).in(iface).build();
    }

    private static CompiledNode compile(Resource... resources) throws CompileException {
        return HostwallCompiler.create(CompileOptions.defaults()).compile(PolicySet.of(Arrays.asList(resources)), "node1",
                FACTS);
    }

    private static void assertVerdict(Verdict expected, Packet p, Resource... resources) throws CompileException {
        PolicySet set = PolicySet.of(Arrays.asList(resources));
        assertEquals(expected, PolicyOracle.of(set, "node1", CompileOptions.defaults(), FACTS).evaluate(p).verdict(), "oracle: " + p);
        assertEquals(expected, new RulesetInterpreter(compile(resources).ruleset()).run(p).verdict(),
                "compiled ruleset: " + p);
    }

    @Test
    void anEndpointWhoseAddressesAreOnTwoInterfacesPolicesBoth() throws CompileException {
        Resource byIp = hep("by-ip").ips("10.0.0.1", "fd00:1::1").build();
        assertVerdict(Verdict.DENY, in("eth0", "10.0.0.1"), byIp);
        assertVerdict(Verdict.DENY, in("eth1", "fd00:1::1"), byIp);
        // Any packet through a bound interface meets the endpoint, whatever its destination.
        assertVerdict(Verdict.DENY, in("eth1", "10.0.1.1"), byIp);
        assertVerdict(Verdict.ALLOW, in("eth2", "192.0.2.1"), byIp);
    }

    @Test
    void aWorkloadInterfaceHoldingTheAddressIsNeverBoundAndSaysSo() throws CompileException {
        Resource byIp = hep("by-ip").ips("10.0.1.1").build();
        assertVerdict(Verdict.DENY, in("eth1", "10.0.1.1"), byIp);
        assertVerdict(Verdict.ALLOW, in("cali7", "10.0.1.1"), byIp);
        List<String> warnings = compile(byIp).warnings().stream().map(Object::toString).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("HostEndpoint \"by-ip\": spec.expectedIPs")
                && w.contains("cali7")), warnings::toString);
    }

    @Test
    void eachInterfaceGoesToTheEndpointFirstByNameNamedOrNot() throws CompileException {
        Resource byIp = hep("b-by-ip").ips("10.0.0.1", "10.0.1.1").build();
        Resource namedFirst = hep("a-eth0").iface("eth0").profiles(Profile.DEFAULT_ALLOW).build();
        Resource namedLast = hep("c-eth1").iface("eth1").profiles(Profile.DEFAULT_ALLOW).build();
        // eth0: a-eth0 sorts before b-by-ip and allows; eth1: b-by-ip sorts before c-eth1 and denies.
        assertVerdict(Verdict.ALLOW, in("eth0", "10.0.0.1"), byIp, namedFirst, namedLast);
        assertVerdict(Verdict.DENY, in("eth1", "10.0.1.1"), byIp, namedFirst, namedLast);
        List<String> warnings = compile(byIp, namedFirst, namedLast).warnings().stream().map(Object::toString)
                .toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("\"b-by-ip\"") && w.contains("eth0")
                && w.contains("already policed by HostEndpoint \"a-eth0\"")), warnings::toString);
    }
}

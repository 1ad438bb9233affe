package io.hostwall.compiler;

import static io.hostwall.compiler.gen.Models.failsafe;
import static io.hostwall.compiler.gen.Models.felix;
import static io.hostwall.compiler.gen.Models.hep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.oracle.OracleInputException;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Felix parses the failsafe lists of {@code default} and {@code node.<node>} as tcp/udp only and does not start on
 * anything else; port 0 in the list in force is left out with a located warning.
 */
class FailsafeChecksTest {
    private static final Resource HEP = hep("node1-eth0").iface("eth0").ips("10.0.0.1").build();

    private static PolicySet set(Resource... resources) {
        return PolicySet.of(Arrays.asList(resources));
    }

    private static List<String> compileErrors(PolicySet set) {
        CompileException e = assertThrows(CompileException.class,
                () -> HostwallCompiler.create(CompileOptions.defaults()).compile(set, "node1"));
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void anSctpFailsafeInForceIsRefusedWithItsLocation() {
        PolicySet s = set(HEP, felix("default",
                Optional.of(List.of(failsafe(Protocol.TCP, 22), failsafe(Protocol.SCTP, 9))), Optional.empty()));
        assertEquals(List.of("FelixConfiguration \"default\": spec.failsafeInboundHostPorts[1].protocol: Felix accepts"
                + " only TCP and UDP failsafe ports and does not start with SCTP here"), compileErrors(s));
        OracleInputException o = assertThrows(OracleInputException.class,
                () -> PolicyOracle.of(s, "node1", CompileOptions.defaults()));
        assertTrue(o.problems().get(0).contains("FelixConfiguration \"default\""), o::toString);
    }

    @Test
    void anSctpFailsafeInTheGlobalConfigurationIsRefusedEvenWhenTheNodeOverridesIt() {
        PolicySet s = set(HEP,
                felix("default", Optional.empty(), Optional.of(List.of(failsafe(Protocol.SCTP, 9)))),
                felix("node.node1", Optional.empty(), Optional.of(List.of(failsafe(Protocol.UDP, 53)))));
        List<String> errors = compileErrors(s);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("FelixConfiguration \"default\": spec.failsafeOutboundHostPorts[0]"),
                errors::toString);
    }

    @Test
    void anotherNodesConfigurationDoesNotMatter() throws CompileException {
        PolicySet s = set(HEP, felix("node.node2", Optional.of(List.of(failsafe(Protocol.SCTP, 9))), Optional.empty()));
        assertEquals(List.of(), HostwallCompiler.create(CompileOptions.defaults()).compile(s, "node1").warnings());
        PolicyOracle.of(s, "node1", CompileOptions.defaults());
    }

    @Test
    void portZeroIsLeftOutWithALocatedWarningOnlyWhereTheListIsInForce() throws CompileException {
        PolicySet s = set(HEP,
                felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 0))), Optional.empty()),
                felix("node.node1", Optional.empty(), Optional.of(List.of(failsafe(Protocol.UDP, 0)))));
        List<String> warnings = HostwallCompiler.create(CompileOptions.defaults()).compile(s, "node1").warnings()
                .stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "FelixConfiguration \"default\": spec.failsafeInboundHostPorts[0].port: failsafe entry TCP:0 names port"
                        + " 0, which no connection uses; it is left out",
                "FelixConfiguration \"node.node1\": spec.failsafeOutboundHostPorts[0].port: failsafe entry UDP:0"
                        + " names port 0, which no connection uses; it is left out"), warnings);
        PolicySet overridden = set(HEP,
                felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 0))), Optional.empty()),
                felix("node.node1", Optional.of(List.of(failsafe(Protocol.TCP, 22))), Optional.empty()));
        assertEquals(List.of(), HostwallCompiler.create(CompileOptions.defaults()).compile(overridden, "node1")
                .warnings());
    }

    @Test
    void aPortZeroEntryOpensNothingInTheOracleOrTheRuleset() throws CompileException {
        PolicySet s = set(HEP, felix("default", Optional.of(List.of(failsafe(Protocol.TCP, 0))), Optional.empty()));
        io.hostwall.compiler.eval.Packet toPortZero = io.hostwall.compiler.gen.Packets
                .tcp("203.0.113.7", 40000, "10.0.0.1", 0).in("eth0").build();
        assertEquals(io.hostwall.compiler.eval.Verdict.DENY,
                PolicyOracle.of(s, "node1", CompileOptions.defaults()).evaluate(toPortZero).verdict());
        assertEquals(io.hostwall.compiler.eval.Verdict.DENY, new io.hostwall.compiler.interp.RulesetInterpreter(
                HostwallCompiler.create(CompileOptions.defaults()).compile(s, "node1").ruleset()).run(toPortZero)
                .verdict());
    }

    @Test
    void compileOptionsRefuseSctpFailsafes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompileOptions.builder()
                .failsafes(ImmutableList.of(failsafe(Protocol.SCTP, 9)), ImmutableList.of()).build());
        assertTrue(e.getMessage().startsWith("failsafe ports must be TCP or UDP"), e::getMessage);
    }
}

package io.hostwall.compiler.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.HostwallCompiler;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.net.IpFamily;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What the protect-hosts tutorial promises (calico-hep-docs.md §1), asked of the oracle — and of the compiled
 * ruleset, which must agree — using the manifests in {@code examples/protect-hosts}.
 */
class ProtectHostsTutorialOracleTest {
    private static final Path DIR = Path.of("..", "examples", "protect-hosts");
    private static final String INSIDE = "10.240.0.21";
    private static final String OUTSIDE = "203.0.113.7";
    private static final String NODE1 = "10.240.0.11";
    private static final String NODE2 = "10.240.0.12";

    private static PolicySet load(String... files) throws Exception {
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            paths.add(DIR.resolve(f));
        }
        return ManifestLoader.load(paths);
    }

    private static Verdict verdict(PolicySet set, String node, Packet p) throws Exception {
        Verdict oracle = PolicyOracle.of(set, node, CompileOptions.defaults()).verdict(p);
        Verdict ruleset = new RulesetInterpreter(HostwallCompiler.create(CompileOptions.defaults())
                .compile(set, node).ruleset()).run(p).verdict();
        assertEquals(oracle, ruleset, "oracle and compiled ruleset disagree on " + p);
        return oracle;
    }

    private static Packet toHost(String src, String dst, int dport) {
        return new Packet(IpFamily.V4, InetAddresses.forString(src), InetAddresses.forString(dst), 6, OptionalInt.of(40000),
                OptionalInt.of(dport), OptionalInt.empty(), OptionalInt.empty(), Optional.of("eth0"), Optional.empty(),
                Optional.empty(), Packet.ConnState.NEW);
    }

    /** The NodePort: in on eth0, DNAT'd by kube-proxy to a pod behind cali1, i.e. forwarded. */
    private static Packet nodePort(String src, String dst) {
        return new Packet(IpFamily.V4, InetAddresses.forString(src), InetAddresses.forString(dst), 6, OptionalInt.of(40000),
                OptionalInt.of(31852), OptionalInt.empty(), OptionalInt.empty(), Optional.of("eth0"), Optional.of("cali1"),
                Optional.of(new Packet.Dnat(InetAddresses.forString("192.168.77.5"), OptionalInt.of(8080))),
                Packet.ConnState.NEW);
    }

    private static Packet hostOut(String dst, int dport) {
        return new Packet(IpFamily.V4, InetAddresses.forString(NODE1), InetAddresses.forString(dst), 6, OptionalInt.of(40000),
                OptionalInt.of(dport), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.of("eth0"),
                Optional.empty(), Packet.ConnState.NEW);
    }

    @Test
    void afterManifestsOneToThreeInsideWorksOutsideOnlyReachesFailsafes() throws Exception {
        PolicySet set = load("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml", "03-host-endpoint.yaml");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", toHost(INSIDE, NODE1, 443)), "inside → host port");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", nodePort(INSIDE, NODE1)), "inside → NodePort");
        assertEquals(Verdict.DENY, verdict(set, "node1", toHost(OUTSIDE, NODE1, 443)), "outside → host port");
        assertEquals(Verdict.DENY, verdict(set, "node1", nodePort(OUTSIDE, NODE1)), "outside → NodePort");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", toHost(OUTSIDE, NODE1, 22)), "outside → SSH (failsafe)");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", hostOut(OUTSIDE, 443)), "host processes reach outside");
    }

    @Test
    void theLiteralAllowNodeportKeepsTheNodePortClosedWithoutExpectedIps() throws Exception {
        PolicySet set = load("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml", "03-host-endpoint.yaml",
                "04-allow-nodeport.yaml");
        assertEquals(Verdict.DENY, verdict(set, "node1", nodePort(OUTSIDE, NODE1)));
    }

    @Test
    void withExpectedIpsAllowNodeportOpensOnlyTheNodePort() throws Exception {
        PolicySet set = load("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml", "04-allow-nodeport.yaml",
                "variants/expected-ips");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", nodePort(OUTSIDE, NODE1)), "outside → NodePort");
        assertEquals(Verdict.DENY, verdict(set, "node1", toHost(OUTSIDE, NODE1, 443)), "other ports stay closed");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", nodePort(INSIDE, NODE1)));
    }

    @Test
    void theSpecialValuePinholeOpensOnlyOnTheLabelledNode() throws Exception {
        PolicySet set = load("01-pre-dnat-policies.yaml", "02-allow-outbound-external.yaml", "variants/special-value");
        assertEquals(Verdict.ALLOW, verdict(set, "node1", nodePort(OUTSIDE, NODE1)), "node1 carries the label");
        assertEquals(Verdict.DENY, verdict(set, "node2", nodePort(OUTSIDE, NODE2)), "node2 does not");
    }
}

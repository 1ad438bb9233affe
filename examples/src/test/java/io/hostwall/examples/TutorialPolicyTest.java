package io.hostwall.examples;

import static io.hostwall.compiler.policytest.HostwallAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.policytest.PolicyTestReport;
import io.hostwall.compiler.policytest.PolicyTestResult;
import io.hostwall.compiler.policytest.PolicyTestRunner;
import io.hostwall.compiler.policytest.PolicyTestSuite;
import io.hostwall.model.PolicySet;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's promises, as policy test files ({@code policy-tests/}: beside the tutorial, not in it, because a
 * manifest directory is searched recursively and a test file is not a manifest) run by the library, and as
 * assertions in Java: how a project keeps its own policy honest in its unit tests.
 */
class TutorialPolicyTest {
    private static final Path TESTS = Path.of("policy-tests");

    private static PolicyTestReport run(String scenario, String testFile) throws Exception {
        Scenarios.Scenario s = Scenarios.ALL.stream().filter(x -> x.name().equals(scenario)).findFirst().orElseThrow();
        PolicySet cluster = Hostwall.load(s.manifests());
        return PolicyTestRunner.run(cluster, PolicyTestSuite.load(TESTS.resolve(testFile)),
                PolicyTestRunner.Options.defaults());
    }

    private static String failures(PolicyTestReport r) {
        return r.failures().stream().map(PolicyTestResult::line).collect(Collectors.joining("\n"));
    }

    @Test
    void theTutorialAsWrittenKeepsItsPromises() throws Exception {
        PolicyTestReport r = run("tutorial", "protect-hosts.yaml");
        assertTrue(r.passed(), failures(r));
        assertEquals(9, r.count(PolicyTestResult.Status.PASSED));
    }

    @Test
    void withExpectedIpsTheNodePortOpens() throws Exception {
        PolicyTestReport r = run("expected-ips", "protect-hosts-expected-ips.yaml");
        assertTrue(r.passed(), failures(r));
        assertEquals(3, r.count(PolicyTestResult.Status.PASSED));
    }

    @Test
    void theExpectedIpsTestsFailOnTheLiteralTutorial() throws Exception {
        // The same expectations against manifests 1-4 as written: the NodePort stays shut, and the test says why.
        PolicyTestReport r = run("tutorial", "protect-hosts-expected-ips.yaml");
        assertEquals(2, r.count(PolicyTestResult.Status.FAILED), failures(r));
        assertTrue(r.failures().get(0).message().startsWith("expected allow by allow-nodeport ingress[0], got deny:"
                + " decided by pre-DNAT ingress eth0 [node1-eth0]: deny: GlobalNetworkPolicy \"drop-other-ingress\""),
                r.failures().get(0).message());
    }

    @Test
    void theSameInJava() throws Exception {
        CompiledNode node1 = Hostwall.create().compile(Hostwall.load(Scenarios.ALL.get(0).manifests()), "node1");
        assertThat(node1).denies(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 31852).in("eth0").build())
                .decidedBy("drop-other-ingress", "ingress[0]");
        assertThat(node1).allows(Packet.tcp("192.168.4.7", 40000, "10.240.0.11", 31852).in("eth0").build())
                .decidedBy("allow-cluster-internal-ingress");
        assertThat(node1).allows(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build());
    }
}

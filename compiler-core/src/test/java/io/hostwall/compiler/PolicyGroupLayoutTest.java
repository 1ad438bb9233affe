package io.hostwall.compiler;

import static io.hostwall.compiler.TestModel.gnp;
import static io.hostwall.compiler.TestModel.hepWithIps;
import static io.hostwall.compiler.TestModel.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.chains.PolicyGroups;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.Action;
import io.hostwall.model.Direction;
import io.hostwall.model.PortSpec;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A long tier is laid out as groups of policy jumps: same verdicts as Felix's flat layout, and adding one policy
 * changes only the group it falls in (the live path's small delta).
 */
class PolicyGroupLayoutTest {
    private static final int POLICIES = 300;
    private static final CompileOptions FLAT = CompileOptions.builder().policyGroupThreshold(Integer.MAX_VALUE).build();

    /** One endpoint, {@code POLICIES} policies in the default tier; policy i allows TCP port 1000 + i. */
    private static List<Resource> cluster() {
        List<Resource> r = new ArrayList<>();
        r.add(hepWithIps("node1-eth0", "node1", "eth0", List.of("10.240.0.11"), "role", "web"));
        for (int i = 0; i < POLICIES; i++) {
            r.add(allowPort(String.format("pol-%03d", i), i, 1000 + i));
        }
        return r;
    }

    private static Resource allowPort(String name, double order, int port) {
        return gnp(name).order(order).selector("all()").types(Direction.INGRESS)
                .ingress(rule(Action.ALLOW).protocol(Protocol.TCP).destinationPorts(PortSpec.port(port)).build())
                .build();
    }

    private static Ruleset compile(List<Resource> resources, CompileOptions options) throws CompileException {
        return HostwallCompiler.create(options).compile(PolicySet.of(resources), "node1", NodeFacts.none()).ruleset();
    }

    private static long count(Chain c, RuleOrigin.Purpose purpose) {
        return c.rules().stream()
                .filter(r -> r.origin() instanceof RuleOrigin.Builtin b && b.purpose() == purpose).count();
    }

    @Test
    void aLongTierJumpsToGroupsAndGivesTheFlatLayoutsVerdicts() throws CompileException {
        Ruleset grouped = compile(cluster(), CompileOptions.defaults());
        Ruleset flat = compile(cluster(), FLAT);
        Chain endpoint = chain(grouped, "hw-fh-eth0");
        assertEquals(0, count(endpoint, RuleOrigin.Purpose.POLICY_JUMP));
        assertTrue(count(endpoint, RuleOrigin.Purpose.POLICY_GROUP_JUMP) >= 2, endpoint.toString());
        assertEquals(POLICIES, count(chain(flat, "hw-fh-eth0"), RuleOrigin.Purpose.POLICY_JUMP));
        assertEquals(POLICIES, grouped.chains().stream().mapToLong(c -> count(c, RuleOrigin.Purpose.POLICY_JUMP)).sum());

        RulesetInterpreter g = new RulesetInterpreter(grouped);
        RulesetInterpreter f = new RulesetInterpreter(flat);
        for (int port = 990; port < 1000 + POLICIES + 10; port++) {
            Packet p = Packet.tcp("203.0.113.7", 40000, "10.240.0.11", port).in("eth0").build();
            boolean open = port >= 1000 && port < 1000 + POLICIES;
            assertEquals(f.run(p).verdict(), g.run(p).verdict(), "port " + port);
            assertEquals(open ? "ALLOW" : "DENY", g.run(p).verdict().name(), "port " + port);
        }
    }

    @Test
    void addingOnePolicyRewritesOneGroupNotTheEndpointChain() throws CompileException {
        Ruleset before = compile(cluster(), CompileOptions.defaults());
        int plainAdds = 0;
        for (int k = 0; k < 40; k++) {
            String name = "added-" + k;
            List<Resource> after = cluster();
            after.add(allowPort(name, 150.5, 5000));
            Ruleset next = compile(after, CompileOptions.defaults());
            Set<String> changed = changedChains(before, next);
            changed.removeIf(n -> n.startsWith("hw-pi-" + name));
            // The inner group holding the new jump; its outer group only when the new policy starts an inner group
            // (a new group to jump to); the endpoint chain only when it starts an outer one.
            boolean startsInner = PolicyGroups.startsInner(name);
            boolean startsOuter = PolicyGroups.startsOuter(name);
            assertTrue(changed.size() <= (startsInner ? 3 : 1) + (startsOuter ? 1 : 0), name + ": " + changed);
            assertEquals(startsOuter, changed.contains("hw-fh-eth0"), name + ": " + changed);
            if (!startsInner) {
                plainAdds++;
                assertEquals(1, changed.size(), name + ": " + changed);
                assertTrue(changed.iterator().next().startsWith("hw-fhg-eth0_"), name + ": " + changed);
            }
        }
        assertTrue(plainAdds >= 20, "most names start no group: " + plainAdds);
    }

    private static Chain chain(Ruleset r, String name) {
        return r.chains().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** Chains that are new or whose rules differ. */
    private static Set<String> changedChains(Ruleset before, Ruleset after) {
        Map<String, List<IrRule>> old = before.chains().stream().collect(Collectors.toMap(Chain::name, Chain::rules));
        Set<String> changed = new TreeSet<>();
        for (Chain c : after.chains()) {
            if (!c.rules().equals(old.get(c.name()))) {
                changed.add(c.name());
            }
        }
        assertFalse(changed.isEmpty());
        return changed;
    }
}

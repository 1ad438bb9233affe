package io.hostwall.compiler.oracle;

import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.oracle.OracleTesting.eth0;
import static io.hostwall.compiler.oracle.OracleTesting.set;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.model.EntityRule;
import io.hostwall.model.Rule;
import io.hostwall.model.ServiceAccountMatch;
import io.hostwall.selector.Selector;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The oracle's domain: what the compiler rejects, the oracle refuses up front (not while evaluating). */
class OracleInputTest {

    @Test
    void aPolicyInAnUndefinedTierIsRefused() {
        var p = gnp("p").tier("missing").ingress(allow()).build();
        OracleInputException e = assertThrows(OracleInputException.class,
                () -> new PolicyOracle(set(eth0(), p), "node1", CompileOptions.defaults()));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).contains("GlobalNetworkPolicy \"p\" spec.tier"), e.getMessage());
    }

    @Test
    void anUndefinedProfileOfAnActiveEndpointIsRefused() {
        var h = hep("node1-eth0").iface("eth0").profiles("nope").build();
        OracleInputException e = assertThrows(OracleInputException.class,
                () -> new PolicyOracle(set(h), "node1", CompileOptions.defaults()));
        assertTrue(e.problems().get(0).contains("profile \"nope\""), e.getMessage());
    }

    @Test
    void unenforceableRuleFieldsAreRefused() {
        EntityRule sa = new EntityRule(ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty(),
                Optional.of(Selector.parse("team == 'a'")), ImmutableList.of(), ImmutableList.of(),
                Optional.of(new ServiceAccountMatch(ImmutableList.of("x"), Optional.empty())), Optional.empty());
        Rule r = new Rule(io.hostwall.model.Action.ALLOW, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), sa, EntityRule.ANY, Optional.empty(), ImmutableSortedMap.of());
        var p = gnp("p").ingress(r).build();
        OracleInputException e = assertThrows(OracleInputException.class,
                () -> new PolicyOracle(set(eth0(), p), "node1", CompileOptions.defaults()));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void globalNamespaceSelectorInARuleIsFine() {
        EntityRule global = new EntityRule(ImmutableList.of(), ImmutableList.of(), Optional.empty(), Optional.empty(),
                Optional.of(Selector.parse("global()")), ImmutableList.of(), ImmutableList.of(), Optional.empty(),
                Optional.empty());
        Rule r = new Rule(io.hostwall.model.Action.ALLOW, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), global, EntityRule.ANY, Optional.empty(), ImmutableSortedMap.of());
        assertDoesNotThrow(() -> new PolicyOracle(set(eth0(), gnp("p").ingress(r).build()), "node1",
                CompileOptions.defaults()));
    }

    @Test
    void problemsOutsideThisNodeDoNotMatter() {
        var otherNode = hep("node2-eth0").node("node2").iface("eth0").label("only", "node2").profiles("nope").build();
        var p = gnp("p").tier("missing").selector("has(only)").ingress(allow()).build();
        assertDoesNotThrow(() -> new PolicyOracle(set(eth0(), otherNode, p), "node1", CompileOptions.defaults()));
    }
}

package io.hostwall.compiler;

import static io.hostwall.compiler.gen.Models.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeFactsTest {

    @Test
    void theBuilderCollectsInterfacesSortedAndMergesRepeats() {
        NodeFacts facts = NodeFacts.builder()
                .addInterface("eth1", "10.0.1.1")
                .addInterface("eth0", "10.0.0.1", "fd00::1")
                .addInterface("eth1", List.of(ip("fd00:1::1")))
                .build();
        assertEquals(List.of("eth0", "eth1"), List.copyOf(facts.interfaces().keySet()));
        assertEquals(List.of(ip("10.0.0.1"), ip("fd00::1")), facts.addresses("eth0"));
        assertEquals(List.of(ip("10.0.1.1"), ip("fd00:1::1")), facts.addresses("eth1"));
        assertEquals(List.of(), facts.addresses("eth9"));
        assertEquals(facts, facts.toBuilder().build());
    }

    @Test
    void noneIsEmpty() {
        assertTrue(NodeFacts.none().isEmpty());
        assertEquals(NodeFacts.none(), NodeFacts.builder().build());
    }

    @Test
    void interfaceNamesFollowTheModelsRule() {
        for (String bad : new String[] {"", "*", "eth0;drop", "sixteen-chars-xx", "eth 0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NodeFacts.builder().addInterface(bad, "10.0.0.1"), bad);
            assertTrue(e.getMessage().contains("is not a valid interface name"), e::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> new NodeFacts(ImmutableSortedMap.of("*",
                ImmutableList.of(ip("10.0.0.1")))));
    }

    @Test
    void addressesAreParsedStrictly() {
        for (String bad : new String[] {"10.0.0", "10.0.0.1/24", "example.com", "fe80::1%eth0", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NodeFacts.builder().addInterface("eth0", bad), bad);
            assertTrue(e.getMessage().startsWith("interface eth0: not an IP address: "), e::getMessage);
        }
    }
}

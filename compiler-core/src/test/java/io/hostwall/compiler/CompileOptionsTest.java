package io.hostwall.compiler;

import static io.hostwall.compiler.gen.Models.failsafe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompileOptionsTest {

    @Test
    void defaultsAreFelixs() {
        CompileOptions d = CompileOptions.defaults();
        assertEquals(Optional.empty(), d.inboundFailsafes());
        assertEquals(Optional.empty(), d.outboundFailsafes());
        assertEquals(0xffff0000, d.markMask());
        assertEquals("hw", d.chainPrefix());
        assertEquals(List.of("cali"), d.workloadInterfacePrefixes());
        assertEquals(DenyAction.DROP, d.denyAction());
        assertEquals("calico-packet", d.logPrefix());
        assertEquals(32, d.policyGroupThreshold());
        assertEquals(d, CompileOptions.builder().build());
    }

    @Test
    void theBuilderSetsEveryOptionAndToBuilderKeepsThem() {
        CompileOptions o = CompileOptions.builder()
                .failsafes(List.of(failsafe(Protocol.TCP, 22)), List.of())
                .markMask(0x00ff0f00)
                .chainPrefix("x9")
                .workloadInterfacePrefixes(List.of("veth", "cali"))
                .denyAction(DenyAction.REJECT)
                .logPrefix("fw: ")
                .policyGroupThreshold(7)
                .build();
        assertEquals(Optional.of(ImmutableList.of(failsafe(Protocol.TCP, 22))), o.inboundFailsafes());
        assertEquals(Optional.of(ImmutableList.of()), o.outboundFailsafes());
        assertEquals(0x00ff0f00, o.markMask());
        assertEquals("x9", o.chainPrefix());
        assertEquals(List.of("veth", "cali"), o.workloadInterfacePrefixes());
        assertEquals(DenyAction.REJECT, o.denyAction());
        assertEquals("fw: ", o.logPrefix());
        assertEquals(7, o.policyGroupThreshold());
        assertEquals(o, o.toBuilder().build());
        CompileOptions changed = o.toBuilder().chainPrefix("fw").build();
        assertEquals("fw", changed.chainPrefix());
        assertEquals(o.denyAction(), changed.denyAction());
    }

    @Test
    void buildChecksTheOptions() {
        assertEquals("policy group threshold must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.builder().policyGroupThreshold(0).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompileOptions.builder().chainPrefix("HW").build())
                .getMessage().startsWith("chain prefix must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompileOptions.builder().markMask(0xf).build())
                .getMessage().contains("needs at least 5 bits"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.builder().workloadInterfacePrefixes(List.of("cali*")).build())
                .getMessage().startsWith("workload interface prefix must match"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.builder().logPrefix("a\"b").build()).getMessage().startsWith("log prefix"));
    }
}

package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.dispatch;
import static io.hostwall.ir.testing.IrFixtures.proto;
import static io.hostwall.ir.testing.IrFixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import org.junit.jupiter.api.Test;

/** Exact spelling of every action, counters and comments. */
class ActionRenderingTest {
    private static String render(IrAction a) {
        return Render.plain().rule(rule(a));
    }

    @Test
    void verdicts() {
        assertEquals("accept", render(new IrAction.Accept()));
        assertEquals("drop", render(new IrAction.Drop()));
        assertEquals("reject", render(new IrAction.Reject()));
        assertEquals("return", render(new IrAction.Return()));
        assertEquals("jump hw-a", render(new IrAction.Jump("hw-a")));
        assertEquals("goto hw-b", render(new IrAction.Goto("hw-b")));
        assertEquals("notrack", render(new IrAction.Notrack()));
    }

    @Test
    void jumpTargetsMustBeRegularChains() {
        assertThrows(IllegalArgumentException.class, () -> render(new IrAction.Jump("hw-missing")));
        assertThrows(IllegalArgumentException.class, () -> render(new IrAction.Goto("bad name")));
    }

    @Test
    void marks() {
        assertEquals("meta mark set meta mark | 0x10000", render(new IrAction.SetMark(0x10000, 0x10000)));
        assertEquals("meta mark set meta mark & 0xfffcffff", render(new IrAction.SetMark(0, 0x30000)));
        assertEquals("meta mark set meta mark & 0xffe4ffff", render(new IrAction.SetMark(0, 0x1b0000)));
        assertEquals("meta mark set meta mark & 0xfffcffff | 0x10000", render(new IrAction.SetMark(0x10000, 0x30000)));
        assertEquals("meta mark set 0x10000", render(new IrAction.SetMark(0x10000, -1)));
        assertEquals("continue", render(new IrAction.SetMark(0, 0)));
    }

    @Test
    void log() {
        assertEquals("log prefix \"calico-packet: \" level info", render(new IrAction.Log("calico-packet: ")));
        assertEquals("log level info", render(new IrAction.Log("")));
        assertEquals("log prefix \"a_b_c_d_\" level info", render(new IrAction.Log("a\"b\\c$d\n")));
        assertEquals("log prefix \"" + "x".repeat(127) + "\" level info", render(new IrAction.Log("x".repeat(300))));
    }

    @Test
    void dispatchWithOneEntryIsAPlainGoto() {
        assertEquals("iifname \"eth0\" goto hw-a", render(dispatch(InterfaceDirection.IN, "eth0", "hw-a")));
        assertEquals("oifname \"eth0\" goto hw-a", render(dispatch(InterfaceDirection.OUT, "eth0", "hw-a")));
        assertEquals("continue", render(dispatch(InterfaceDirection.IN)));
    }

    @Test
    void dispatchWithSeveralEntriesIsOneSharedVerdictMap() {
        Render r = Render.plain();
        String in = r.rule(rule(dispatch(InterfaceDirection.IN, "eth1", "hw-b", "eth0", "hw-a")));
        String out = r.rule(rule(dispatch(InterfaceDirection.OUT, "eth0", "hw-a", "eth1", "hw-b")));
        String name = NftNames.hashed("ifmap", "\"eth0\" : goto hw-a,\"eth1\" : goto hw-b");
        assertEquals("iifname vmap @" + name, in);
        assertEquals("oifname vmap @" + name, out);
        assertEquals(ImmutableList.of("\tmap " + name + " {\n\t\ttype ifname : verdict\n"
                + "\t\telements = { \"eth0\" : goto hw-a, \"eth1\" : goto hw-b }\n\t}\n"), r.declarations());
        assertThrows(IllegalArgumentException.class,
                () -> r.rule(rule(dispatch(InterfaceDirection.IN, "eth0", "hw-a", "eth\"1", "hw-b"))));
        assertThrows(IllegalArgumentException.class,
                () -> r.rule(rule(dispatch(InterfaceDirection.IN, "eth0", "hw-a", "eth1", "hw-nope"))));
    }

    @Test
    void countersGoBeforeTheStatement() {
        Render r = new Render(true, ImmutableSet.of("hw-a"));
        assertEquals("meta l4proto tcp counter accept", r.rule(rule(new IrAction.Accept(), proto(6))));
        assertEquals("counter meta mark set meta mark | 0x10000", r.rule(rule(new IrAction.SetMark(0x10000, 0x10000))));
        assertEquals("iifname \"eth0\" counter goto hw-a", r.rule(rule(dispatch(InterfaceDirection.IN, "eth0", "hw-a"))));
        assertEquals("counter continue", r.rule(rule(new IrAction.SetMark(0, 0))));
    }

    @Test
    void commentsAreJoinedSanitisedAndLast() {
        IrRule r = rule(new IrAction.Drop(), proto(17)).withNote("policy default.p1 ingress rule 2")
                .withNote("owner=\"team\"");
        assertEquals("meta l4proto udp drop comment \"policy default.p1 ingress rule 2; owner=_team_\"",
                Render.plain().rule(r));
        // A comment-only rule would read as the chain's comment: the rule keeps a statement.
        assertEquals("continue comment \"x\"", Render.plain().rule(rule(new IrAction.SetMark(0, 0)).withNote("x")));
    }
}

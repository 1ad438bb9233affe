package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ct status} breaks an nft rule for packets without a connection, so "not DNAT'd" must also be granted to
 * untracked and invalid packets explicitly. Found by the kernel lab: the RST answering an untracked SYN skipped the
 * host's egress policy.
 */
class NotDnatRenderingTest {

    @Test
    void notDnatIsWrittenForPacketsWithAndWithoutAConnection() {
        IrRule rule = IrRule.of(new IrAction.Jump("hw-a"), new Match.ConntrackDnat(false));
        assertEquals(List.of("ct state invalid,untracked jump hw-a", "ct status & dnat == 0 jump hw-a"),
                Render.plain().lines(rule));
    }

    @Test
    void dnatNeedsAConnectionAndStaysOneRule() {
        IrRule rule = IrRule.of(new IrAction.Jump("hw-a"), new Match.ConntrackDnat(true));
        assertEquals(List.of("ct status & dnat != 0 jump hw-a"), Render.plain().lines(rule));
    }
}

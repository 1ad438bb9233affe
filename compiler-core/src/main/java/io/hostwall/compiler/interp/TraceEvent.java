package io.hostwall.compiler.interp;

import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.TableKind;
import java.net.InetAddress;
import java.util.OptionalInt;

/** One step of a packet's way through a ruleset, in order. */
public sealed interface TraceEvent {

    /** One line for humans. */
    String text();

    /** A rule was evaluated; {@code matched} says whether all its matches held (and so its action ran). */
    record RuleEvaluated(TracedRule rule, boolean matched, int markAfter) implements TraceEvent {
        @Override
        public String text() {
            return (matched ? "  match " : "  miss  ") + rule + (matched ? String.format("  (mark 0x%x)", markAfter) : "");
        }
    }

    /** The conntrack lookup between raw and mangle: the state later rules see. */
    record ConntrackLookup(Hook hook, CtState state) implements TraceEvent {
        @Override
        public String text() {
            return "conntrack (" + hook + "): " + state.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The DNAT (kube-proxy's NodePort rule, say) rewrote the destination. */
    record DnatApplied(Hook hook, InetAddress address, OptionalInt port) implements TraceEvent {
        @Override
        public String text() {
            return "dnat (" + hook + "): destination now " + address.getHostAddress()
                    + (port.isPresent() ? " port " + port.getAsInt() : "");
        }
    }

    /** The packet had a DNAT to apply but was untracked: NAT needs conntrack, so it stays as it is. */
    record DnatSkipped(Hook hook) implements TraceEvent {
        @Override
        public String text() {
            return "dnat (" + hook + "): skipped, the packet is untracked or invalid";
        }
    }

    /** A base chain finished. */
    record BaseChainEnd(Hook hook, TableKind table, String chain, End how) implements TraceEvent {
        @Override
        public String text() {
            return table.iptablesName() + " " + hook + " base chain " + chain + ": " + how;
        }
    }

    /** How a base chain ended. */
    enum End {
        /** An Accept: this base chain is done; later base chains still see the packet. */
        ACCEPT("accept"),
        /** A Return at base level or the end of the chain: the chain's policy, accept. */
        POLICY_ACCEPT("end of chain, policy accept"),
        DROP("drop"),
        REJECT("reject");

        private final String label;

        End(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}

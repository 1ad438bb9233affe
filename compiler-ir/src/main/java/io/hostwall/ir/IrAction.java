package io.hostwall.ir;

import com.google.common.collect.ImmutableSortedMap;

/** What a rule does when it matches. Terminal actions end the chain; the others continue with the next rule. */
public sealed interface IrAction {

    /** {@return true when evaluation of the current chain does not continue after this action} */
    default boolean terminal() {
        return true;
    }

    /** Accept: ends this base chain's processing (later base chains / tables still see the packet). */
    record Accept() implements IrAction {}

    /** Drop the packet. */
    record Drop() implements IrAction {}

    /** Reject the packet (ICMP unreachable / TCP reset). Only used where the kernel allows it (filter). */
    record Reject() implements IrAction {}

    /** Return to the calling chain (from a base chain: the base chain's policy, accept). */
    record Return() implements IrAction {}

    /** Call {@code chain}; when it returns, continue with the next rule. */
    record Jump(String chain) implements IrAction {
        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Continue in {@code chain}; its return goes to this chain's caller. */
    record Goto(String chain) implements IrAction {}

    /** {@code mark = (mark & ~mask) | value}; continue. */
    record SetMark(int value, int mask) implements IrAction {
        /**
         * Checks that the value sets no bit outside the mask.
         *
         * @param value the bits to set
         * @param mask the bits to replace
         * @throws IllegalArgumentException if {@code value} has a bit outside {@code mask}
         */
        public SetMark {
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("mark value outside mask");
            }
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Log the packet with {@code prefix} (kernel log); continue. */
    record Log(String prefix) implements IrAction {
        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Exempt the packet from connection tracking (raw table only); continue. */
    record Notrack() implements IrAction {
        @Override
        public boolean terminal() {
            return false;
        }
    }

    /**
     * Interface dispatch: if the packet's input (IN) or output (OUT) interface name equals a key of
     * {@code targets}, continue in (goto) that chain; otherwise continue with the next rule. A map lookup, so the
     * per-packet cost does not grow with the number of interfaces (nft: verdict map).
     */
    record Dispatch(InterfaceDirection direction, ImmutableSortedMap<String, String> targets) implements IrAction {
        @Override
        public boolean terminal() {
            return false;
        }
    }
}

package io.hostwall.ir;

import com.google.common.collect.ImmutableSortedMap;

/** What a rule does when it matches. Terminal actions end the chain; the others continue with the next rule. */
public sealed interface IrAction {

    /**
     * True when evaluation of the current chain does not continue after this action.
     *
     * @return whether the action ends the chain
     */
    default boolean terminal() {
        return true;
    }

    /**
     * Calls the {@code visitor} method for this kind of action. A backend or tool that handles actions implements
     * {@link Visitor}, so that a new kind of action is a compile error there rather than a runtime surprise.
     *
     * @param <R> what the visitor returns
     * @param visitor the visitor
     * @return what the visitor returned
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of {@link IrAction}.
     *
     * @param <R> what each method returns
     */
    interface Visitor<R> {
        /**
         * Visits an accept.
         *
         * @param a the action
         * @return the result
         */
        R visit(Accept a);

        /**
         * Visits a drop.
         *
         * @param a the action
         * @return the result
         */
        R visit(Drop a);

        /**
         * Visits a reject.
         *
         * @param a the action
         * @return the result
         */
        R visit(Reject a);

        /**
         * Visits a return.
         *
         * @param a the action
         * @return the result
         */
        R visit(Return a);

        /**
         * Visits a jump.
         *
         * @param a the action
         * @return the result
         */
        R visit(Jump a);

        /**
         * Visits a goto.
         *
         * @param a the action
         * @return the result
         */
        R visit(Goto a);

        /**
         * Visits a mark change.
         *
         * @param a the action
         * @return the result
         */
        R visit(SetMark a);

        /**
         * Visits a log.
         *
         * @param a the action
         * @return the result
         */
        R visit(Log a);

        /**
         * Visits a notrack.
         *
         * @param a the action
         * @return the result
         */
        R visit(Notrack a);

        /**
         * Visits an interface dispatch.
         *
         * @param a the action
         * @return the result
         */
        R visit(Dispatch a);
    }

    /** Accept: ends this base chain's processing (later base chains / tables still see the packet). */
    record Accept() implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Drop the packet. */
    record Drop() implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Reject the packet (ICMP unreachable / TCP reset). Only used where the kernel allows it (filter). */
    record Reject() implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Return to the calling chain (from a base chain: the base chain's policy, accept). */
    record Return() implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** Call {@code chain}; when it returns, continue with the next rule. */
    record Jump(String chain) implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Continue in {@code chain}; its return goes to this chain's caller. */
    record Goto(String chain) implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }
    }

    /** {@code mark = (mark & ~mask) | value}; continue. */
    record SetMark(int value, int mask) implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        /**
         * Refuses a value with bits outside the mask.
         *
         * @param value the bits to set
         * @param mask the bits to clear first
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
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }

    /** Exempt the packet from connection tracking (raw table only); continue. */
    record Notrack() implements IrAction {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

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
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public boolean terminal() {
            return false;
        }
    }
}

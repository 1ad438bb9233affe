package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import java.util.Objects;

/**
 * One step of a {@link Delta}. A backend turns each step into its tool's commands, in the delta's order, inside one
 * transaction (nft) or one transaction per table with the ipset steps around them (iptables).
 */
public sealed interface DeltaOp {

    /** {@return the object the step changes} */
    ObjectId target();

    /**
     * Replace everything hostwall owns with {@code state} in one atomic step: the start of an agent, the first apply
     * after a failure, or a deleted table. What an earlier run left is replaced, never duplicated, and there is no
     * moment without rules (nft: add, delete and define the table in one transaction).
     *
     * @param state the complete desired state
     */
    record ReplaceAll(DesiredState state) implements DeltaOp {
        /**
         * Checks the state.
         *
         * @param state the complete desired state
         */
        public ReplaceAll {
            Objects.requireNonNull(state, "state");
        }

        /** {@return a placeholder id: the step concerns every object} */
        @Override
        public ObjectId target() {
            return ObjectId.chain("*", "*");
        }
    }

    /**
     * Remove elements from a set that stays.
     *
     * @param target the set
     * @param elements the elements, each present
     */
    record DeleteElements(ObjectId target, ImmutableList<String> elements) implements DeltaOp {}

    /**
     * Create a set with its elements.
     *
     * @param set the set
     */
    record CreateSet(DesiredObject.Set set) implements DeltaOp {
        @Override
        public ObjectId target() {
            return set.id();
        }
    }

    /**
     * Replace a set whose declaration changed (ipset: create a temporary set, swap, destroy), with its elements. Every
     * chain that uses it is flushed before this step and refilled after it.
     *
     * @param set the new set
     */
    record ReplaceSet(DesiredObject.Set set) implements DeltaOp {
        @Override
        public ObjectId target() {
            return set.id();
        }
    }

    /**
     * Remove every element of a set that stays (a repair); its elements are added back by a later step.
     *
     * @param target the set
     */
    record FlushSet(ObjectId target) implements DeltaOp {}

    /**
     * Create an empty chain.
     *
     * @param target the chain
     * @param header empty, or the base-chain header
     */
    record CreateChain(ObjectId target, String header) implements DeltaOp {}

    /**
     * Remove every rule of a chain.
     *
     * @param target the chain
     */
    record FlushChain(ObjectId target) implements DeltaOp {}

    /**
     * Append the chain's rules to it (it is new or was just flushed).
     *
     * @param chain the chain with its rules
     */
    record AddRules(DesiredObject.Chain chain) implements DeltaOp {
        @Override
        public ObjectId target() {
            return chain.id();
        }
    }

    /**
     * Add elements to a set.
     *
     * @param target the set
     * @param elements the elements, none present
     */
    record AddElements(ObjectId target, ImmutableList<String> elements) implements DeltaOp {}

    /**
     * Make hostwall's rules in a foreign chain exactly {@code hooks}: the backend reads the chain, deletes its own
     * stale or duplicated rules and adds the missing ones, leaving other rules alone.
     *
     * @param hooks the rules to keep
     */
    record SyncHooks(DesiredObject.Hooks hooks) implements DeltaOp {
        @Override
        public ObjectId target() {
            return hooks.id();
        }
    }

    /**
     * Remove hostwall's rules from a foreign chain.
     *
     * @param target the foreign chain's hooks id
     */
    record RemoveHooks(ObjectId target) implements DeltaOp {}

    /**
     * Delete an empty chain nothing refers to any more.
     *
     * @param target the chain
     */
    record DeleteChain(ObjectId target) implements DeltaOp {}

    /**
     * Delete a set nothing refers to any more.
     *
     * @param target the set
     */
    record DeleteSet(ObjectId target) implements DeltaOp {}
}

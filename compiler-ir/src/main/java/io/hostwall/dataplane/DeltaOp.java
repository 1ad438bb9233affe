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
     * One hunk of an {@link EditRules}: at index {@code at} of the chain's old rules, {@code deleted} rules go and
     * {@code inserted} come in their place.
     *
     * @param at index in the old rules (0-based)
     * @param deleted how many old rules from {@code at} go
     * @param inserted the new rules put at {@code at}, in order
     */
    record RuleHunk(int at, int deleted, ImmutableList<String> inserted) {
        /**
         * Checks the numbers.
         *
         * @param at index in the old rules
         * @param deleted how many old rules go
         * @param inserted the new rules
         * @throws IllegalArgumentException for a negative index or count, or a hunk that changes nothing
         */
        public RuleHunk {
            Objects.requireNonNull(inserted, "inserted");
            if (at < 0 || deleted < 0 || (deleted == 0 && inserted.isEmpty())) {
                throw new IllegalArgumentException("not a hunk: at " + at + ", " + deleted + " deleted, "
                        + inserted.size() + " inserted");
            }
        }
    }

    /**
     * Edit a chain in place: the chain holds exactly {@code before}'s rules and will hold exactly {@code after}'s.
     * The hunks ({@link RuleDiff}) say which rules go and which come where; every other rule stays in the kernel
     * untouched. A backend that cannot find the old rules (nft: their handles are not known) writes the chain whole
     * instead, which is always correct; one that finds the chain holding anything but {@code before}'s rules must
     * not edit by position (it would edit the wrong rules).
     *
     * @param before the chain as the kernel holds it (same id and header as {@code after})
     * @param after the chain as it must be
     * @param hunks the edits, in ascending order of {@link RuleHunk#at()}, separated by at least one kept rule
     */
    record EditRules(DesiredObject.Chain before, DesiredObject.Chain after, ImmutableList<RuleHunk> hunks)
            implements DeltaOp {
        /**
         * Checks that the hunks take {@code before} to {@code after}.
         *
         * @param before the old chain
         * @param after the new chain
         * @param hunks the edits
         * @throws IllegalArgumentException if the chains differ in id or header or the hunks do not fit
         */
        public EditRules {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(hunks, "hunks");
            if (!before.id().equals(after.id()) || !before.header().equals(after.header())) {
                throw new IllegalArgumentException("an edit keeps the chain and its header: " + before.id()
                        + " vs " + after.id());
            }
            if (!RuleDiff.apply(before.rules(), hunks).equals(after.rules())) {
                throw new IllegalArgumentException("the hunks do not take " + before.id() + "'s rules to the new ones");
            }
        }

        @Override
        public ObjectId target() {
            return after.id();
        }

        /** {@return how many rules the edit deletes} */
        public int deletedCount() {
            return hunks.stream().mapToInt(RuleHunk::deleted).sum();
        }

        /** {@return how many rules the edit inserts} */
        public int insertedCount() {
            return hunks.stream().mapToInt(h -> h.inserted().size()).sum();
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

package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The steps that take the kernel from one state of hostwall's objects to another, in the order one transaction must
 * run them (Felix's nftables table layer: element deletes, chain changes, element adds, chain deletes):
 *
 * <ol>
 *   <li>element deletes of sets that stay;
 *   <li>new sets (with their elements) and new, empty chains, so that any rule below may refer to them;
 *   <li>changed chains are flushed (and so are chains that use a set replaced in 4, even if they are going away),
 *       then base chains whose hook changed are deleted and created again;
 *   <li>sets whose declaration changed are replaced (the chains that use them were flushed in 3);
 *   <li>rules of new and changed chains, and the in-place edits of long chains ({@link DeltaOp.EditRules});
 *   <li>element adds;
 *   <li>hostwall's rules in foreign chains are reconciled or removed;
 *   <li>chains no longer wanted are flushed, then deleted (nothing refers to them any more);
 *   <li>sets no longer wanted are deleted.
 * </ol>
 *
 * A changed chain whose header stays is edited in place when its shortest edit script ({@link RuleDiff}) touches at
 * most {@link #EDIT_LIMIT_PERCENT}% of its new rules; otherwise it is flushed and refilled. Why a half: a
 * rewrite writes every new rule once, an edit writes each inserted rule once (plus a position) and each deleted one as
 * a short delete, so under a half the edit is clearly smaller, and above it the saving is small while a backend must
 * still locate every edited rule (nft by handle, iptables by position) and falls back to the rewrite anyway when it
 * cannot. A one-policy change in an endpoint chain of thousands of rules edits two. {@link #repair} and
 * {@link #replaceAll} always write chains whole: a drifted chain's content is not what any delta assumed.
 *
 * <p>Within a step objects go in {@link ObjectId} order and elements in sorted order, so equal inputs give equal deltas.
 * An unchanged object costs nothing: a one-policy change touches that policy's chains and, only if endpoint
 * membership changed, the dispatch chains.
 *
 * @param ops the steps, in order
 */
public record Delta(ImmutableList<DeltaOp> ops) {
    /** An edit script may touch at most this share (in percent) of a chain's new rules; beyond, a rewrite. */
    public static final int EDIT_LIMIT_PERCENT = 50;

    /**
     * Checks the steps.
     *
     * @param ops the steps, in order
     */
    public Delta {
        Objects.requireNonNull(ops, "ops");
    }

    /** {@return whether the delta changes nothing} */
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** {@return whether this delta replaces everything ({@link DeltaOp.ReplaceAll})} */
    public boolean isReplaceAll() {
        return ops.size() == 1 && ops.get(0) instanceof DeltaOp.ReplaceAll;
    }

    /**
     * One step that replaces everything hostwall owns with {@code state}.
     *
     * @param state the complete desired state
     * @return the delta
     */
    public static Delta replaceAll(DesiredState state) {
        return new Delta(ImmutableList.of(new DeltaOp.ReplaceAll(state)));
    }

    /**
     * The steps from {@code from} (what the kernel holds, as last written) to {@code to}.
     *
     * @param from the state the kernel is in
     * @param to the state wanted
     * @return the delta; empty when the states are equal
     */
    public static Delta between(DesiredState from, DesiredState to) {
        Plan plan = new Plan();
        Map<ObjectId, DesiredObject> before = from.objects();
        Map<ObjectId, DesiredObject> after = to.objects();
        Set<ObjectId> replacedSets = new TreeSet<>();
        List<ObjectId> removed = new ArrayList<>();
        // Both states iterate in ObjectId order: one merge walk pairs them in a comparison per object, where a map
        // lookup per object cost a dozen (and a warm agent compares thousands of objects per sync; JFR, issue 9).
        Iterator<DesiredObject> prevs = before.values().iterator();
        Iterator<DesiredObject> nexts = after.values().iterator();
        DesiredObject prev = prevs.hasNext() ? prevs.next() : null;
        DesiredObject next = nexts.hasNext() ? nexts.next() : null;
        while (prev != null || next != null) {
            int order = prev == null ? 1 : next == null ? -1 : prev == next ? 0 : prev.id().compareTo(next.id());
            if (order < 0) {
                removed.add(prev.id());
                prev = prevs.hasNext() ? prevs.next() : null;
                continue;
            }
            if (order > 0) {
                plan.create(next);
            } else if (prev != next && !prev.equals(next)) { // a memoising dataplane reuses unchanged objects
                if (next instanceof DesiredObject.Set s && prev instanceof DesiredObject.Set p) {
                    if (p.declaration().equals(s.declaration())) {
                        plan.editElements(p, s);
                    } else {
                        plan.replacedSets.add(s);
                        replacedSets.add(s.id());
                    }
                } else if (next instanceof DesiredObject.Chain c && prev instanceof DesiredObject.Chain p) {
                    plan.change(p, c);
                } else {
                    plan.rewrite(prev, next);
                }
            }
            if (order == 0) {
                prev = prevs.hasNext() ? prevs.next() : null;
            }
            next = nexts.hasNext() ? nexts.next() : null;
        }
        // A set is replaced while nothing refers to it: every chain whose rules (as the kernel holds them) use it is
        // flushed first and refilled after; one that is going away is flushed then and deleted at the end.
        if (!replacedSets.isEmpty()) {
            for (DesiredObject old : before.values()) {
                if (old instanceof DesiredObject.Chain c && !Sets.intersection(c.uses(), replacedSets).isEmpty()) {
                    DesiredObject now = after.get(c.id());
                    if (now == null) {
                        plan.flushedEarly.add(c.id());
                    } else {
                        plan.rewrite(c, now);
                    }
                }
            }
        }
        removed.forEach(plan::remove);
        return plan.delta();
    }

    /**
     * The steps that repair the kernel: objects missing or {@code drifted} are written again from {@code desired},
     * objects the kernel has that are not desired are removed. A deleted container (the nft table) is a
     * {@link #replaceAll}.
     *
     * @param desired what hostwall wants
     * @param observed what the kernel holds
     * @param drifted objects present in the kernel but not as hostwall left them
     * @return the delta; empty when nothing needs repair
     */
    public static Delta repair(DesiredState desired, ObservedState observed, Set<ObjectId> drifted) {
        if (!observed.present() && !desired.objects().isEmpty()) {
            return replaceAll(desired);
        }
        Plan plan = new Plan();
        for (DesiredObject want : desired.objects().values()) {
            if (!observed.objects().containsKey(want.id())) {
                // No rules wanted in a foreign chain and none found there: nothing is missing.
                if (want.id().kind() != ObjectKind.HOOKS || want.size() > 0) {
                    plan.create(want);
                }
            } else if (drifted.contains(want.id())) {
                if (want instanceof DesiredObject.Set s) {
                    plan.flushedSets.add(s.id());
                    plan.addElements.add(new DeltaOp.AddElements(s.id(), s.elements().asList()));
                } else {
                    plan.rewrite(want, want);
                    if (want instanceof DesiredObject.Chain c && !c.header().isEmpty()) {
                        plan.recreated.add(c);
                    }
                }
            }
        }
        for (ObjectId id : observed.objects().keySet()) {
            if (!desired.objects().containsKey(id)) {
                plan.remove(id);
            }
        }
        return plan.delta();
    }

    /** The steps of one delta, collected by kind and then laid out in transaction order. */
    private static final class Plan {
        final List<DeltaOp> deleteElements = new ArrayList<>();
        final List<DeltaOp.AddElements> addElements = new ArrayList<>();
        final SortedSet<DesiredObject.Set> newSets = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        final SortedSet<DesiredObject.Set> replacedSets = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        final SortedSet<ObjectId> flushedSets = new TreeSet<>();
        final SortedSet<DesiredObject.Chain> newChains = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        final SortedSet<DesiredObject.Chain> rewritten = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        /** Chains edited in place, with their previous version; a later {@link #rewrite} of one takes it back. */
        final SortedMap<ObjectId, DeltaOp.EditRules> edited = new TreeMap<>();
        final SortedSet<DesiredObject.Chain> recreated = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        final SortedSet<DesiredObject.Hooks> hooks = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        final SortedSet<ObjectId> removedHooks = new TreeSet<>();
        final SortedSet<ObjectId> removedChains = new TreeSet<>();
        final SortedSet<ObjectId> flushedEarly = new TreeSet<>();
        final SortedSet<ObjectId> removedSets = new TreeSet<>();

        void create(DesiredObject o) {
            switch (o.id().kind()) {
                case SET -> newSets.add((DesiredObject.Set) o);
                case CHAIN -> newChains.add((DesiredObject.Chain) o);
                case HOOKS -> hooks.add((DesiredObject.Hooks) o);
            }
        }

        void editElements(DesiredObject.Set prev, DesiredObject.Set next) {
            ImmutableList<String> gone = ImmutableList.copyOf(Sets.difference(prev.elements(), next.elements()));
            ImmutableList<String> added = ImmutableList.copyOf(Sets.difference(next.elements(), prev.elements()));
            if (!gone.isEmpty()) {
                deleteElements.add(new DeltaOp.DeleteElements(next.id(), gone));
            }
            if (!added.isEmpty()) {
                addElements.add(new DeltaOp.AddElements(next.id(), added));
            }
        }

        /** A chain whose rules changed: edited in place when the edit is small, else rewritten. */
        void change(DesiredObject.Chain prev, DesiredObject.Chain next) {
            if (prev.header().equals(next.header())) {
                int maxEdits = next.rules().size() * EDIT_LIMIT_PERCENT / 100;
                Optional<ImmutableList<DeltaOp.RuleHunk>> hunks =
                        RuleDiff.hunks(prev.rules(), next.rules(), maxEdits);
                if (hunks.isPresent() && !hunks.get().isEmpty()) {
                    edited.put(next.id(), new DeltaOp.EditRules(prev, next, hunks.get()));
                    return;
                }
            }
            rewrite(prev, next);
        }

        void rewrite(DesiredObject prev, DesiredObject next) {
            edited.remove(next.id());
            if (next instanceof DesiredObject.Chain c) {
                rewritten.add(c);
                if (prev instanceof DesiredObject.Chain p && !p.header().equals(c.header())) {
                    recreated.add(c);
                }
            } else if (next instanceof DesiredObject.Hooks h) {
                hooks.add(h);
            }
        }

        void remove(ObjectId id) {
            switch (id.kind()) {
                case SET -> removedSets.add(id);
                case CHAIN -> removedChains.add(id);
                case HOOKS -> removedHooks.add(id);
            }
        }

        Delta delta() {
            // An edit runs with the rules (step 5), after the recreated chains were deleted (step 3): a kept or
            // deleted rule that jumps to one of them would keep it in use, so such a chain is rewritten instead.
            Set<ObjectId> recreatedIds = new TreeSet<>();
            recreated.forEach(c -> recreatedIds.add(c.id()));
            for (DeltaOp.EditRules e : List.copyOf(edited.values())) {
                if (!Sets.intersection(e.before().uses(), recreatedIds).isEmpty()) {
                    rewrite(e.before(), e.after());
                }
            }
            ImmutableList.Builder<DeltaOp> ops = ImmutableList.builder();
            ops.addAll(deleteElements);
            flushedSets.forEach(id -> ops.add(new DeltaOp.FlushSet(id)));
            newSets.forEach(s -> ops.add(new DeltaOp.CreateSet(s)));
            newChains.forEach(c -> ops.add(new DeltaOp.CreateChain(c.id(), c.header())));
            // Every changed chain is flushed before any is deleted, so a recreated chain is no longer jumped to
            // by the rules of another changed chain.
            rewritten.forEach(c -> ops.add(new DeltaOp.FlushChain(c.id())));
            flushedEarly.forEach(id -> ops.add(new DeltaOp.FlushChain(id)));
            for (DesiredObject.Chain c : recreated) {
                ops.add(new DeltaOp.DeleteChain(c.id()));
                ops.add(new DeltaOp.CreateChain(c.id(), c.header()));
            }
            replacedSets.forEach(s -> ops.add(new DeltaOp.ReplaceSet(s)));
            SortedSet<DesiredObject.Chain> filled = new TreeSet<>(newChains.comparator());
            filled.addAll(newChains);
            filled.addAll(rewritten);
            SortedSet<ObjectId> written = new TreeSet<>(edited.keySet());
            filled.forEach(c -> written.add(c.id()));
            Map<ObjectId, DesiredObject.Chain> byId = new TreeMap<>();
            filled.forEach(c -> byId.put(c.id(), c));
            for (ObjectId id : written) {
                DeltaOp.EditRules e = edited.get(id);
                ops.add(e != null ? e : new DeltaOp.AddRules(byId.get(id)));
            }
            ops.addAll(addElements);
            hooks.forEach(h -> ops.add(new DeltaOp.SyncHooks(h)));
            removedHooks.forEach(id -> ops.add(new DeltaOp.RemoveHooks(id)));
            removedChains.stream().filter(id -> !flushedEarly.contains(id))
                    .forEach(id -> ops.add(new DeltaOp.FlushChain(id)));
            removedChains.forEach(id -> ops.add(new DeltaOp.DeleteChain(id)));
            removedSets.forEach(id -> ops.add(new DeltaOp.DeleteSet(id)));
            return new Delta(ops.build());
        }
    }
}

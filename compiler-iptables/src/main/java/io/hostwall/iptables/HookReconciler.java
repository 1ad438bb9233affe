package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must change in one table of a running host so that it holds exactly hostwall's desired hooks, without
 * touching anybody else's rules. Own hooks are recognised by their owner comment; a desired hook that is present
 * stays where it is (re-applying moves nothing), a missing one is inserted (or appended), an own hook that is not
 * desired or is a duplicate is deleted by repeating its saved text after {@code -D}. Chains that only old own hooks
 * reached and the new ruleset no longer has are emptied and deleted, unless a foreign rule still uses them.
 */
final class HookReconciler {
    /** Edits for one table, in the order they must appear in the restore input. */
    record Edits(ImmutableList<String> flushChains, ImmutableList<String> deleteHooks, ImmutableList<String> addHooks,
            ImmutableList<String> deleteChains) {

        boolean isEmpty() {
            return flushChains.isEmpty() && deleteHooks.isEmpty() && addHooks.isEmpty() && deleteChains.isEmpty();
        }
    }

    private HookReconciler() {}

    static Edits reconcile(TableSection desired, SavedTables.Table current, String tag, IptablesApplyPlan.HookMode mode) {
        Set<String> builtins = Set.copyOf(Builtins.of(desired.table()));
        Set<String> present = new HashSet<>();
        List<SavedTables.Rule> ownHooks = new ArrayList<>();
        ImmutableList.Builder<String> deleteHooks = ImmutableList.builder();
        for (SavedTables.Rule r : current.rules()) {
            if (!builtins.contains(r.chain()) || !r.comments().contains(tag)) {
                continue;
            }
            ownHooks.add(r);
            String key = desiredKey(r, desired, tag);
            if (key == null || !present.add(key)) {
                deleteHooks.add("-D " + r.chain() + " " + r.spec());
            }
        }
        List<String> add = new ArrayList<>();
        for (HookRule h : desired.hooks()) {
            if (!present.contains(key(h))) {
                add.add(mode == IptablesApplyPlan.HookMode.APPEND
                        ? "-A " + h.builtin() + " " + h.spec(tag)
                        : "-I " + h.builtin() + " 1 " + h.spec(tag));
            }
        }
        if (mode == IptablesApplyPlan.HookMode.INSERT) {
            // Each -I lands on top, so insert in reverse to keep the desired order.
            Collections.reverse(add);
        }
        List<String> stale = staleChains(desired, current, ownHooks, builtins);
        return new Edits(ImmutableList.copyOf(stale), deleteHooks.build(), ImmutableList.copyOf(add),
                ImmutableList.copyOf(stale));
    }

    /** The desired hook {@code r} is, as "builtin target", or null when it is not exactly one of them. */
    private static String desiredKey(SavedTables.Rule r, TableSection desired, String tag) {
        for (HookRule h : desired.hooks()) {
            if (h.builtin().equals(r.chain())
                    && r.words().equals(List.of("-m", "comment", "--comment", tag, "-j", h.target()))) {
                return key(h);
            }
        }
        return null;
    }

    private static String key(HookRule h) {
        return h.builtin() + " " + h.target();
    }

    /**
     * User chains reached from the current own hooks that the new ruleset does not have. A chain a foreign rule
     * reaches (directly or through other chains) is left alone: deleting it would fail the whole table.
     */
    private static List<String> staleChains(TableSection desired, SavedTables.Table current,
            List<SavedTables.Rule> ownHooks, Set<String> builtins) {
        Map<String, List<SavedTables.Rule>> byChain = current.rulesByChain();
        Set<String> ownNow = current.reachable(byChain, ownHooks.stream().flatMap(r -> r.targets().stream()).toList());
        Set<SavedTables.Rule> hookSet = new HashSet<>(ownHooks);
        List<String> foreignTargets = new ArrayList<>();
        for (SavedTables.Rule r : current.rules()) {
            if (!hookSet.contains(r) && !ownNow.contains(r.chain())) {
                foreignTargets.addAll(r.targets());
            }
        }
        Set<String> foreignReach = current.reachable(byChain, foreignTargets);
        Set<String> wanted = new HashSet<>();
        desired.chains().forEach(c -> wanted.add(c.name()));
        List<String> out = new ArrayList<>();
        for (String c : ownNow) {
            if (!wanted.contains(c) && !foreignReach.contains(c) && !builtins.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}

package io.hostwall.iptables;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of hostwall's is in one saved table: its rules in built-in chains (recognised by the owner tag), the user
 * chains those reach, plus the chains the dataplane knows it wrote (so a chain whose hook was deleted is still
 * found), and the sets their rules match. Chains that a rule of another program also reaches are marked, so that
 * a removal leaves them (deleting a chain still referenced would fail the whole table).
 *
 * @param hooks hostwall's rules by built-in chain, in saved order
 * @param chains hostwall's chains with their rules, in discovery order
 * @param foreignReached those of {@code chains} another program's rule reaches
 * @param sets the sets hostwall's chains match
 */
record OwnObjects(Map<String, List<SavedTables.Rule>> hooks, Map<String, List<SavedTables.Rule>> chains,
        Set<String> foreignReached, Set<String> sets) {

    static OwnObjects of(TableScope t, SavedTables.Table table, String tag, Set<String> knownChains) {
        Set<String> builtins = Set.copyOf(Builtins.of(t.table()));
        Map<String, List<SavedTables.Rule>> byChain = table.rulesByChain();
        Map<String, List<SavedTables.Rule>> hooks = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        Set<SavedTables.Rule> hookRules = new HashSet<>();
        for (SavedTables.Rule r : table.rules()) {
            if (builtins.contains(r.chain()) && r.comments().contains(tag)) {
                hooks.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
                roots.addAll(r.targets());
                hookRules.add(r);
            }
        }
        knownChains.stream().sorted().filter(table.userChains()::contains).forEach(roots::add);
        Set<String> own = table.reachable(byChain, roots);
        List<String> foreignRoots = new ArrayList<>();
        for (SavedTables.Rule r : table.rules()) {
            if (!hookRules.contains(r) && !own.contains(r.chain())) {
                foreignRoots.addAll(r.targets());
            }
        }
        Set<String> foreign = new TreeSet<>(table.reachable(byChain, foreignRoots));
        foreign.retainAll(own);
        Map<String, List<SavedTables.Rule>> chains = new LinkedHashMap<>();
        Set<String> sets = new TreeSet<>();
        for (String c : own) {
            List<SavedTables.Rule> rules = byChain.getOrDefault(c, List.of());
            chains.put(c, rules);
            sets.addAll(matchSets(rules));
        }
        return new OwnObjects(hooks, chains, foreign, sets);
    }

    /** The sets {@code rules} match ({@code --match-set NAME}). */
    static Set<String> matchSets(List<SavedTables.Rule> rules) {
        Set<String> out = new TreeSet<>();
        for (SavedTables.Rule r : rules) {
            List<String> w = r.words();
            for (int i = 0; i + 1 < w.size(); i++) {
                if (w.get(i).equals("--match-set")) {
                    out.add(w.get(i + 1));
                }
            }
        }
        return out;
    }
}

package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of {@code iptables-save} output that re-applying needs: per table, the user chains and every rule with
 * its words, jump/goto targets and comments. Words are split the way iptables-restore splits them (blanks,
 * double quotes, backslash escapes), so a rule read here can be deleted by repeating it after {@code -D}.
 */
final class SavedTables {
    /** One {@code -A CHAIN ...} line; {@code spec} is the text after the chain name, as saved. */
    record Rule(String chain, String spec, ImmutableList<String> words, ImmutableList<String> targets,
            ImmutableList<String> comments) {}

    /** One table: user chains (declared with policy {@code -}) and rules in saved order. */
    record Table(ImmutableSet<String> userChains, ImmutableList<Rule> rules) {
        static final Table EMPTY = new Table(ImmutableSet.of(), ImmutableList.of());

        /** {@return the rules of each chain, chains in saved order} */
        Map<String, List<Rule>> rulesByChain() {
            Map<String, List<Rule>> out = new LinkedHashMap<>();
            for (Rule r : rules) {
                out.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
            }
            return out;
        }

        /**
         * User chains reachable from {@code roots} through the rules, in discovery order.
         *
         * @param byChain this table's {@link #rulesByChain()}
         * @param roots the chains to start from; built-in chains and unknown names are not followed
         */
        Set<String> reachable(Map<String, List<Rule>> byChain, Collection<String> roots) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> work = new ArrayDeque<>(roots);
            while (!work.isEmpty()) {
                String c = work.pop();
                if (userChains.contains(c) && seen.add(c)) {
                    byChain.getOrDefault(c, List.of()).forEach(r -> work.addAll(r.targets()));
                }
            }
            return seen;
        }
    }

    private final ImmutableMap<String, Table> tables;

    private SavedTables(ImmutableMap<String, Table> tables) {
        this.tables = tables;
    }

    Table table(String name) {
        return tables.getOrDefault(name, Table.EMPTY);
    }

    static SavedTables parse(String save) {
        Map<String, Table> out = new LinkedHashMap<>();
        String table = null;
        Set<String> chains = new LinkedHashSet<>();
        List<Rule> rules = new ArrayList<>();
        int lineNo = 0;
        for (String raw : save.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("*")) {
                table = line.substring(1);
                chains = new LinkedHashSet<>();
                rules = new ArrayList<>();
            } else if (table == null) {
                throw new IllegalArgumentException("iptables-save line " + lineNo + " outside a table");
            } else if (line.equals("COMMIT")) {
                out.put(table, new Table(ImmutableSet.copyOf(chains), ImmutableList.copyOf(rules)));
                table = null;
            } else if (line.startsWith(":")) {
                List<String> w = words(line.substring(1));
                if (w.size() >= 2 && w.get(1).equals("-")) {
                    chains.add(w.get(0));
                }
            } else if (line.startsWith("-A ")) {
                rules.add(rule(line.substring(3), lineNo));
            } else {
                throw new IllegalArgumentException("iptables-save line " + lineNo + " not understood: "
                        + IptablesText.sanitize(line, 80));
            }
        }
        if (table != null) {
            throw new IllegalArgumentException("iptables-save output ends inside table " + table + " (no COMMIT)");
        }
        return new SavedTables(ImmutableMap.copyOf(out));
    }

    private static Rule rule(String afterA, int lineNo) {
        List<String> all = words(afterA);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("iptables-save line " + lineNo + ": rule without a chain");
        }
        String chain = all.get(0);
        int blank = afterA.indexOf(' ');
        ImmutableList<String> w = ImmutableList.copyOf(all.subList(1, all.size()));
        ImmutableList.Builder<String> targets = ImmutableList.builder();
        ImmutableList.Builder<String> comments = ImmutableList.builder();
        for (int i = 0; i + 1 < w.size(); i++) {
            switch (w.get(i)) {
                case "-j", "--jump", "-g", "--goto" -> targets.add(w.get(i + 1));
                case "--comment" -> comments.add(w.get(i + 1));
                default -> { }
            }
        }
        return new Rule(chain, blank < 0 ? "" : afterA.substring(blank + 1).strip(), w, targets.build(), comments.build());
    }

    /** Splits at blanks outside double quotes; a backslash takes the next character literally. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}

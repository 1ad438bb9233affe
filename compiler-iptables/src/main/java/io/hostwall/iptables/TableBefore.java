package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one table held before the dataplane wrote it: what the write is checked against (hook reconciliation, rule
 * positions) and what a failed apply puts back.
 *
 * <p>Two sizes. {@link Whole} is the table as {@code iptables-save -t} prints it: needed when hostwall's rules in
 * built-in chains are reconciled (they sit among other programs' rules) and for a whole replace. {@link Chains} is
 * only the chains a delta touches, each as {@code iptables -S CHAIN} prints it: on a node of the 5,000-policy
 * benchmark cluster, saving the filter tables took about 1.8 s of a 2.9 s rule-edit sync, and listing one chain
 * takes milliseconds. Both print rules in the same saved form, so the same checks read them.
 */
sealed interface TableBefore permits TableBefore.Whole, TableBefore.Chains {

    /** {@return the table as the checks of the write read it} */
    SavedTables.Table live();

    /** {@return the restore command that puts the table back} */
    List<String> rollbackCommand();

    /** {@return the restore document that puts the table back} */
    String rollbackDocument();

    /**
     * The whole table.
     *
     * @param table the table
     * @param save its {@code iptables-save -t} text
     */
    record Whole(TableScope table, String save) implements TableBefore {
        @Override
        public SavedTables.Table live() {
            return SavedTables.parse(save).table(table.table().iptablesName());
        }

        @Override
        public List<String> rollbackCommand() {
            return List.of(table.restoreTool(), "--wait");
        }

        /** The saved table, restored whole (without {@code --noflush}): every chain as it was. */
        @Override
        public String rollbackDocument() {
            String name = table.table().iptablesName();
            return save.contains("*" + name + "\n") ? save : "*" + name + "\nCOMMIT\n";
        }
    }

    /**
     * Only some of hostwall's chains.
     *
     * @param table the table
     * @param chains each touched chain's {@code -A} lines as {@code iptables -S} printed them, or empty when the
     *     chain did not exist
     */
    record Chains(TableScope table, ImmutableMap<String, Optional<ImmutableList<String>>> chains)
            implements TableBefore {

        /** A saved-form text of the chains that exist, parsed as a table holding only them. */
        @Override
        public SavedTables.Table live() {
            StringBuilder b = new StringBuilder("*").append(table.table().iptablesName()).append('\n');
            chains.forEach((name, rules) -> rules.ifPresent(r -> RestoreDocumentWriter.declare(b, name)));
            chains.forEach((name, rules) -> rules.ifPresent(r -> r.forEach(line -> b.append(line).append('\n'))));
            b.append("COMMIT\n");
            return SavedTables.parse(b.toString()).table(table.table().iptablesName());
        }

        @Override
        public List<String> rollbackCommand() {
            return List.of(table.restoreTool(), "--noflush", "--wait");
        }

        /**
         * Each chain that existed declared (created if the delta deleted it), flushed and refilled; then each chain
         * the delta created flushed and deleted, once no refilled chain refers to it any more.
         */
        @Override
        public String rollbackDocument() {
            StringBuilder b = new StringBuilder("*").append(table.table().iptablesName()).append('\n');
            for (Map.Entry<String, Optional<ImmutableList<String>>> e : chains.entrySet()) {
                if (e.getValue().isPresent()) {
                    RestoreDocumentWriter.declare(b, e.getKey());
                    b.append("-F ").append(e.getKey()).append('\n');
                }
            }
            chains.values().forEach(rules -> rules.ifPresent(r -> r.forEach(line -> b.append(line).append('\n'))));
            for (Map.Entry<String, Optional<ImmutableList<String>>> e : chains.entrySet()) {
                if (e.getValue().isEmpty()) {
                    b.append("-F ").append(e.getKey()).append('\n').append("-X ").append(e.getKey()).append('\n');
                }
            }
            return b.append("COMMIT\n").toString();
        }
    }
}

package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RuleRenderer#chain} rendered of one IR chain, kept (by the chain's identity, for one ruleset) so
 * that the chain's copies in other tables and in the other family's document take it instead of rendering it
 * again. The node's policy chains are reached from mangle and filter and printed in both documents: without this,
 * each is rendered four times.
 *
 * <p>A finished chain is kept with where it holds: in its family's document, or in both when every rule is
 * printed the same in both (no family-bound match, see {@code RuleRenderer}); in the tables whose conditions the
 * rules met the same way (see {@link #tables}). Apart from those, a rule's lines depend only on the rule, the
 * family, the sets (the same in every table) and the iptables names of the chains it jumps to, which are a pure
 * function of their IR names and exist in every table that holds this chain (a table holds every chain its chains
 * jump to). For a chain only partly free of family-bound matches, the lines of the free rules are kept per table
 * and rule index, for the other family's rendering of that table.
 */
final class KeptChain {
    /** A finished rendering and where it holds. */
    private record Whole(IpFamily family, boolean everyFamily, int tables, ImmutableList<String> lines) {}

    private final List<Whole> whole = new ArrayList<>(2);
    private final Object[][] byRule = new Object[TableKind.values().length][];

    /** The lines kept for {@code family} and {@code table}, or null. */
    ImmutableList<String> lines(IpFamily family, TableKind table) {
        for (int i = 0; i < whole.size(); i++) {
            Whole w = whole.get(i);
            if ((w.everyFamily() || w.family() == family) && (w.tables() & bit(table)) != 0) {
                return w.lines();
            }
        }
        return null;
    }

    void keep(IpFamily family, boolean everyFamily, int tables, ImmutableList<String> lines) {
        whole.add(new Whole(family, everyFamily, tables, lines));
    }

    /**
     * Per rule index, the lines of the rules printed the same in both families' documents of {@code table}: a
     * {@code String} for one line, a {@code String[]} for another number, null for rules not kept. Null when none.
     */
    Object[] byRule(TableKind table) {
        return byRule[table.ordinal()];
    }

    void keepByRule(TableKind table, Object[] lines) {
        byRule[table.ordinal()] = lines;
    }

    static int bit(TableKind table) {
        return 1 << table.ordinal();
    }

    /** Every table. */
    static final int ALL_TABLES = (1 << TableKind.values().length) - 1;

    /**
     * The tables in which a condition that {@link FastRule} decides by "is the table {@code special}?" comes out
     * as in {@code table}: {@code special} alone, or every other table.
     */
    static int alike(TableKind table, TableKind special) {
        return table == special ? bit(special) : ALL_TABLES & ~bit(special);
    }
}

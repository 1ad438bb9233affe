package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ruleset as table sections of one family: for each of raw, mangle and filter, the own chain of every base
 * chain of that table, a copy of every IR chain the table reaches, the helper chains rules needed, and the hooks
 * from the built-in chains. Every table appears, even empty, so that loading a document replaces what an earlier
 * version of the ruleset left in that table.
 */
final class TableRenderer {
    private final Ruleset ruleset;
    private final ImmutableMap<TableKind, ImmutableList<Chain>> reachable;
    private final Map<String, IpSet> sets;

    TableRenderer(Ruleset ruleset) {
        this.ruleset = ruleset;
        this.reachable = ChainReachability.of(ruleset);
        this.sets = IpsetDocumentWriter.index(ruleset.sets());
    }

    ImmutableList<TableSection> render(IpFamily family) {
        ImmutableList.Builder<TableSection> out = ImmutableList.builder();
        for (TableKind table : TableKind.values()) {
            out.add(section(family, table));
        }
        return out.build();
    }

    private TableSection section(IpFamily family, TableKind table) {
        List<BaseChain> bases = ruleset.baseChains().stream().filter(b -> b.table() == table).toList();
        List<Chain> chains = reachable.get(table);
        Map<String, String> names = new HashMap<>();
        for (Chain c : chains) {
            names.put(c.name(), ChainNames.of(c.name()));
        }
        RuleRenderer renderer = new RuleRenderer(family, table, target -> {
            String n = names.get(target);
            if (n == null) {
                throw new IllegalArgumentException("no chain " + IptablesText.sanitize(target, 140) + " in " + table.iptablesName());
            }
            return n;
        }, new MatchSlots(sets, family));
        List<OwnChain> own = new ArrayList<>();
        List<OwnChain> helpers = new ArrayList<>();
        ImmutableList.Builder<HookRule> hooks = ImmutableList.builder();
        for (BaseChain b : bases) {
            String builtin = Builtins.hookChain(table, b.hook());
            String name = ChainNames.of(b.name());
            own.add(chain(renderer, b.name(), name, b.rules(), helpers));
            hooks.add(new HookRule(builtin, name));
        }
        for (Chain c : chains) {
            own.add(chain(renderer, c.name(), names.get(c.name()), c.rules(), helpers));
        }
        own.addAll(helpers);
        requireUniqueNames(own, table);
        return new TableSection(table, ImmutableList.copyOf(own), hooks.build());
    }

    private static OwnChain chain(RuleRenderer renderer, String irName, String name, List<IrRule> rules,
            List<OwnChain> helpers) {
        ImmutableList.Builder<String> lines = ImmutableList.builder();
        for (int i = 0; i < rules.size(); i++) {
            RuleRenderer.Rendered r = renderer.render(rules.get(i), irName, i);
            lines.addAll(r.rules());
            helpers.addAll(r.helpers());
        }
        return new OwnChain(name, lines.build());
    }

    /** Two IR names that shorten to one iptables name would merge two chains; refuse instead. */
    private static void requireUniqueNames(List<OwnChain> chains, TableKind table) {
        Map<String, Integer> seen = new HashMap<>();
        for (OwnChain c : chains) {
            if (seen.merge(c.name(), 1, Integer::sum) > 1) {
                throw new IllegalArgumentException("two chains of the " + table.iptablesName()
                        + " table map to the iptables name " + c.name());
            }
        }
    }
}

package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the whole script: a header, then the replace idiom, then one {@code table inet <name>} definition.
 *
 * <p>Layout, for byte-identical output: IR sets, then the backend's shared sets and maps, each sorted by name;
 * base chains in IR (packet) order; regular chains sorted by name; rules in IR order.
 */
final class NftScriptWriter {
    private final Ruleset ruleset;
    private final RenderOptions options;

    NftScriptWriter(Ruleset ruleset, RenderOptions options) {
        this.ruleset = ruleset;
        this.options = options;
    }

    String write() {
        String table = NftNames.object("table", options.tableName());
        ImmutableMap<String, IpSet> sets = indexSets();
        ImmutableSet<String> regular = indexChains();
        SharedSets shared = new SharedSets(sets.keySet());
        RuleRenderer rules = new RuleRenderer(new MatchRenderer(sets, shared), new ActionRenderer(regular, shared),
                options.counters());

        // Chains first: rendering them discovers the shared sets and maps, which are declared before them.
        List<String> chainBlocks = new ArrayList<>();
        for (BaseChain b : ruleset.baseChains()) {
            String hook = "type filter hook " + b.hook().name().toLowerCase(Locale.ROOT) + " priority "
                    + b.table().priority() + "; policy accept;";
            chainBlocks.add(chain(b.name(), hook, b.rules(), rules));
        }
        ruleset.chains().stream().sorted(Comparator.comparing(Chain::name))
                .forEach(c -> chainBlocks.add(chain(c.name(), null, c.rules(), rules)));

        List<String> blocks = new ArrayList<>();
        sets.values().stream().sorted(Comparator.comparing(IpSet::name)).forEach(s -> blocks.add(SetRenderer.irSet(s)));
        blocks.addAll(shared.declarations());
        blocks.addAll(chainBlocks);

        StringBuilder out = new StringBuilder();
        header(out, table);
        out.append("table inet ").append(table).append(" {\n");
        out.append(String.join("\n", blocks));
        out.append("}\n");
        return out.toString();
    }

    /**
     * The comment header and the replace idiom (knftables, kube-proxy): {@code add table} makes sure the table
     * exists, so the {@code delete table} that follows cannot fail on a fresh host, and takes the old table with
     * every chain, set and map in it; the definition then recreates it. nft runs the file as one transaction, so
     * the kernel switches from the old table to the new one atomically, and a failed load changes nothing. (A
     * {@code flush table} would keep stale chains and sets; {@code destroy} needs nft 1.0.8 / kernel 6.3.)
     */
    private void header(StringBuilder out, String table) {
        out.append("# hostwall nftables ruleset for node \"")
                .append(NftStrings.truncateUtf8(NftStrings.safe(ruleset.node()), 200)).append("\". Generated; do not edit.\n");
        out.append("# Loading it with nft -f replaces table inet ").append(table)
                .append(" atomically and touches no other table.\n");
        out.append("add table inet ").append(table).append('\n');
        out.append("delete table inet ").append(table).append('\n');
    }

    private static String chain(String name, String hook, List<IrRule> irRules, RuleRenderer rules) {
        StringBuilder b = new StringBuilder();
        b.append("\tchain ").append(NftNames.object("chain", name)).append(" {\n");
        if (hook != null) {
            b.append("\t\t").append(hook).append('\n');
        }
        for (IrRule r : irRules) {
            for (String line : rules.renderAll(r)) {
                b.append("\t\t").append(line).append('\n');
            }
        }
        return b.append("\t}\n").toString();
    }

    private ImmutableMap<String, IpSet> indexSets() {
        ImmutableMap.Builder<String, IpSet> b = ImmutableMap.builder();
        for (IpSet s : ruleset.sets()) {
            b.put(NftNames.object("set", s.name()), s);
        }
        try {
            return b.buildOrThrow();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("two sets with one name: " + e.getMessage(), e);
        }
    }

    /** Checks that chain names are unique (base and regular share one namespace) and returns the regular ones. */
    private ImmutableSet<String> indexChains() {
        Set<String> seen = new HashSet<>();
        for (BaseChain b : ruleset.baseChains()) {
            if (!seen.add(NftNames.object("chain", b.name()))) {
                throw new IllegalArgumentException("two chains named " + b.name());
            }
        }
        ImmutableList.Builder<String> regular = ImmutableList.builder();
        for (Chain c : ruleset.chains()) {
            if (!seen.add(NftNames.object("chain", c.name()))) {
                throw new IllegalArgumentException("two chains named " + c.name());
            }
            regular.add(c.name());
        }
        return ImmutableSet.copyOf(regular.build());
    }
}

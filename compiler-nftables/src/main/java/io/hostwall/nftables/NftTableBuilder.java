package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link Nft.Table} for a ruleset: every decision the writers then print (names, shared sets, each
 * rule's statements, filtered free text).
 *
 * <p>Layout, for byte-identical output: the IR's sets and the backend's shared sets and maps, the most used first
 * (ties by name); base chains in IR (packet) order; regular chains sorted by name; rules in IR order.
 */
final class NftTableBuilder {
    /** The header keeps the node's name short enough to read. */
    private static final int MAX_NODE_IN_HEADER = 200;

    private final Ruleset ruleset;
    private final RenderOptions options;

    NftTableBuilder(Ruleset ruleset, RenderOptions options) {
        this.ruleset = ruleset;
        this.options = options;
    }

    Nft.Table build() {
        String table = NftNames.object("table", options.tableName());
        ImmutableMap<String, IpSet> sets = indexSets();
        Set<String> regular = indexChains();
        SharedSets shared = new SharedSets(sets.keySet());
        RuleRenderer rules = new RuleRenderer(new MatchRenderer(sets, shared), new ActionRenderer(regular, shared),
                options.counters());

        // Chains first: rendering them discovers the shared sets and maps, which are declared before them.
        List<Nft.Chain> chains = new ArrayList<>();
        for (BaseChain b : ruleset.baseChains()) {
            chains.add(chain(b.name(), Optional.of(hook(b)), b.rules(), rules));
        }
        ruleset.chains().stream().sorted(Comparator.comparing(Chain::name))
                .forEach(c -> chains.add(chain(c.name(), Optional.empty(), c.rules(), rules)));

        List<Nft.SetDecl> declarations = new ArrayList<>();
        sets.values().forEach(s -> declarations.add(SetRenderer.irSet(s)));
        declarations.addAll(shared.sets());
        declarations.sort(mostUsedFirst(chains));
        String node = NftStrings.truncateUtf8(NftStrings.safe(ruleset.node()), MAX_NODE_IN_HEADER);
        return new Nft.Table("inet", table, node, ImmutableList.copyOf(declarations), ImmutableList.copyOf(chains));
    }

    /**
     * The table as the dataplane's objects, like {@code NftObjects.of(build())} but reusing {@code memo}'s rendering
     * of every IR chain and set equal to one of the previous call's: only what changed is rendered again.
     */
    DesiredState desired(NftRenderMemo memo) {
        String table = NftNames.object("table", options.tableName());
        return memo.desired(NftObjects.scope("inet", table), ruleset, new NftRenderMemo.Table() {
            @Override
            public ImmutableMap<String, IpSet> indexSets() {
                return NftTableBuilder.this.indexSets();
            }

            @Override
            public Set<String> indexChains() {
                return NftTableBuilder.this.indexChains();
            }

            @Override
            public ChainRenderer renderer(Map<String, IpSet> sets, Set<String> regular, SharedSets shared) {
                RuleRenderer rules = new RuleRenderer(new MatchRenderer(sets, shared),
                        new ActionRenderer(regular, shared), options.counters());
                return (name, hook, irRules) -> chain(name, hook, irRules, rules);
            }
        });
    }

    /** Renders one chain of the table being built. */
    interface ChainRenderer {
        /**
         * @param name the chain's IR name
         * @param hook the base chain's hook, or empty
         * @param irRules its IR rules
         * @return the rendered chain
         */
        Nft.Chain render(String name, Optional<Nft.Hook> hook, List<IrRule> irRules);
    }

    /** The hook line of a base chain: a filter chain at the IR table's priority that accepts what no rule drops. */
    static Nft.Hook hook(BaseChain b) {
        return new Nft.Hook("filter", b.hook().name().toLowerCase(Locale.ROOT), b.table().priority(), "accept");
    }

    /**
     * Sets and maps the most rules look up first, then by name. Why: the kernel finds a set by name by walking the
     * table's list of sets in the order they were declared, once for each rule that looks one up, so a set near the
     * head of the list is found sooner. On a large node this halves the names the kernel compares while loading
     * (see the package notes).
     */
    private static Comparator<Nft.SetDecl> mostUsedFirst(List<Nft.Chain> chains) {
        Map<String, Integer> uses = new HashMap<>();
        for (Nft.Chain c : chains) {
            for (Nft.Rule r : c.rules()) {
                for (Nft.Stmt s : r.statements()) {
                    if (s instanceof Nft.Match m && m.right() instanceof Nft.SetRef ref) {
                        uses.merge(ref.name(), 1, Integer::sum);
                    } else if (s instanceof Nft.Vmap v) {
                        uses.merge(v.map(), 1, Integer::sum);
                    }
                }
            }
        }
        return (a, b) -> {
            int byUse = Integer.compare(uses.getOrDefault(b.name(), 0), uses.getOrDefault(a.name(), 0));
            return byUse != 0 ? byUse : a.name().compareTo(b.name());
        };
    }

    private static Nft.Chain chain(String name, Optional<Nft.Hook> hook, List<IrRule> irRules, RuleRenderer rules) {
        ImmutableList.Builder<Nft.Rule> out = ImmutableList.builder();
        for (IrRule r : irRules) {
            out.addAll(rules.rules(r));
        }
        return new Nft.Chain(NftNames.object("chain", name), hook, out.build());
    }

    ImmutableMap<String, IpSet> indexSets() {
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

    /**
     * Checks that chain names are unique (base and regular share one namespace) and returns the regular ones,
     * unmodifiable.
     *
     * <p>One hash set, filled with the regular names and then asked about the few base ones. Why not an
     * {@code ImmutableSet}: Guava takes the compiler's chain names, which differ only in a few trailing characters,
     * for hash flooding and builds a second table behind the first, and with the duplicate check that was three
     * tables per render (5 % of a cold render, JFR). When any name is invalid or taken twice, {@link #checkChains}
     * walks the names in the order that picks the error to report.
     */
    Set<String> indexChains() {
        List<Chain> chains = ruleset.chains();
        Set<String> regular = new HashSet<>(Math.max(16, chains.size() * 2));
        boolean unique = true;
        try {
            for (int i = 0; i < chains.size() && unique; i++) {
                unique = regular.add(NftNames.object("chain", chains.get(i).name()));
            }
            List<BaseChain> bases = ruleset.baseChains();
            for (int i = 0; i < bases.size() && unique; i++) {
                String name = NftNames.object("chain", bases.get(i).name());
                unique = !regular.contains(name);
                for (int k = 0; k < i && unique; k++) {
                    unique = !bases.get(k).name().equals(name);
                }
            }
        } catch (IllegalArgumentException e) {
            unique = false;
        }
        if (!unique) {
            checkChains();
        }
        return Collections.unmodifiableSet(regular);
    }

    /** Throws for the first base, then regular, chain name that is invalid or repeats one before it. */
    private void checkChains() {
        Set<String> seen = new HashSet<>();
        for (BaseChain b : ruleset.baseChains()) {
            if (!seen.add(NftNames.object("chain", b.name()))) {
                throw new IllegalArgumentException("two chains named " + b.name());
            }
        }
        for (Chain c : ruleset.chains()) {
            if (!seen.add(NftNames.object("chain", c.name()))) {
                throw new IllegalArgumentException("two chains named " + c.name());
            }
        }
        throw new IllegalStateException("chain names found both valid and invalid");
    }
}

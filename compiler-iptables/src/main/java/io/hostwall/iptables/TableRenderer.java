package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<TableKind, Map<String, String>> names = new EnumMap<>(TableKind.class);
    /** Per table, the iptables names of {@link #reachable}, in its order. */
    private final Map<TableKind, List<String>> namesInOrder = new EnumMap<>(TableKind.class);
    /** iptables names by IR name, of the chains of any table: a chain most tables hold is named once. */
    private final Map<String, String> iptablesNames;
    private final Map<IpFamily, MatchSlots> matchSlots = new EnumMap<>(IpFamily.class);
    /** What was rendered of each base chain, and of IR chains outside {@link #render}, for its other copies. */
    private final Map<Object, KeptChain> kept = new IdentityHashMap<>();
    /** Per table (by ordinal), the positions in {@code ruleset.chains()} of {@link #reachable}. */
    private final int[][] reached;
    /** How {@link #render} renders the IR chains; null: section by section, every chain itself (see below). */
    private final ChainRenderings.Plan plan;
    /** The IR chains as rendered for {@link #render}, on its first call (both families at once). */
    private ChainRenderings renderings;

    TableRenderer(Ruleset ruleset) {
        this(ruleset, ChainRenderings.Plan.DEFAULT);
    }

    /**
     * @param plan how {@link #render} shares rendering the IR chains out ({@link ChainRenderings}); null: it
     *     renders every chain in every table and family itself, section by section, for tests of the sharing
     */
    TableRenderer(Ruleset ruleset, ChainRenderings.Plan plan) {
        this.plan = plan;
        this.ruleset = ruleset;
        this.reached = ChainReachability.indices(ruleset);
        this.reachable = ChainReachability.lists(ruleset, reached);
        this.iptablesNames = new HashMap<>(ruleset.chains().size() * 2);
        this.sets = IpsetDocumentWriter.index(ruleset.sets());
        for (IpFamily f : IpFamily.values()) {
            matchSlots.put(f, new MatchSlots(sets, f));
        }
    }

    /** @param share false: every table and family renders every chain itself (for tests of the sharing) */
    TableRenderer(Ruleset ruleset, boolean share) {
        this(ruleset, share ? ChainRenderings.Plan.DEFAULT : null);
    }

    /** The IR sets by name (checked: valid, distinct names). */
    Map<String, IpSet> sets() {
        return sets;
    }

    /** The IR chains {@code table} holds, in the ruleset's order. */
    ImmutableList<Chain> reachable(TableKind table) {
        return reachable.get(table);
    }

    /**
     * Renders every chain, base and IR, for both families ({@link ChainRenderings}), unless done before or the
     * renderer renders section by section. Errors are kept for {@link #render} to throw where they belong. After
     * this, {@link #render} only reads, so both families' sections may be put together on two threads at once.
     */
    void prepare() {
        if (plan != null && renderings == null) {
            for (TableKind t : TableKind.values()) {
                names(t); // before the renderers' threads start: they only read the names
            }
            renderings = ChainRenderings.render(ruleset.chains(), ruleset.baseChains(), reached,
                    (f, t) -> renderer(f, t, new IdentityHashMap<>()), plan);
        }
    }

    /** The sections of {@code family}'s document; throws the first error rendering in document order meets. */
    ImmutableList<TableSection> render(IpFamily family) {
        prepare();
        ImmutableList.Builder<TableSection> out = ImmutableList.builder();
        for (TableKind table : TableKind.values()) {
            out.add(section(family, table));
        }
        return out.build();
    }

    private TableSection section(IpFamily family, TableKind table) {
        List<Chain> chains = reachable.get(table);
        names(table);
        List<String> names = namesInOrder.get(table);
        RuleRenderer renderer = renderings == null ? renderer(family, table) : null;
        List<OwnChain> own = new ArrayList<>(chains.size() + 4);
        List<OwnChain> helpers = new ArrayList<>();
        ImmutableList.Builder<HookRule> hooks = ImmutableList.builder();
        List<BaseChain> bases = ruleset.baseChains();
        for (int k = 0; k < bases.size(); k++) {
            BaseChain b = bases.get(k);
            if (b.table() != table) {
                continue;
            }
            String builtin = Builtins.hookChain(table, b.hook());
            String name = ChainNames.of(b.name());
            if (renderer == null) {
                own.add(new OwnChain(name, taken(renderings.ofBase(k, family), helpers)));
            } else {
                own.add(new OwnChain(name, renderer.chain(b, b.name(), b.rules(), helpers)));
            }
            hooks.add(new HookRule(builtin, name));
        }
        int[] positions = reached[table.ordinal()];
        for (int i = 0; i < chains.size(); i++) {
            if (renderer == null) {
                own.add(new OwnChain(names.get(i), taken(renderings.of(positions[i], family, table), helpers)));
            } else {
                Chain c = chains.get(i);
                own.add(new OwnChain(names.get(i), renderer.chain(c, c.name(), c.rules(), helpers)));
            }
        }
        own.addAll(helpers);
        requireUniqueNames(own, table);
        return new TableSection(table, ImmutableList.copyOf(own), hooks.build());
    }

    /** A chain's lines as rendered before; its helper chains go to {@code helpers}. */
    private static ImmutableList<String> taken(ChainRenderings.Rendered r, List<OwnChain> helpers) {
        if (!r.helpers().isEmpty()) {
            helpers.addAll(r.helpers());
        }
        return r.lines();
    }

    /** iptables names of the chains {@code table} holds; the same for both families, so computed once. */
    Map<String, String> names(TableKind table) {
        Map<String, String> known = names.get(table);
        if (known != null) {
            return known;
        }
        List<Chain> chains = reachable.get(table);
        Map<String, String> out = new HashMap<>(chains.size() * 2);
        List<String> inOrder = new ArrayList<>(chains.size());
        for (Chain c : chains) {
            String name = iptablesNames.computeIfAbsent(c.name(), ChainNames::of);
            out.put(c.name(), name);
            inOrder.add(name);
        }
        names.put(table, out);
        namesInOrder.put(table, inOrder);
        return out;
    }

    /** The renderer of rules of chains in {@code table} of {@code family}'s document. */
    RuleRenderer renderer(IpFamily family, TableKind table) {
        return renderer(family, table, plan != null ? kept : new IdentityHashMap<>());
    }

    private RuleRenderer renderer(IpFamily family, TableKind table, Map<Object, KeptChain> keptHere) {
        Map<String, String> names = names(table);
        return new RuleRenderer(family, table, target -> {
            String n = names.get(target);
            if (n == null) {
                throw new IllegalArgumentException("no chain " + IptablesText.sanitize(target, 140) + " in " + table.iptablesName());
            }
            return n;
        }, matchSlots.get(family), keptHere);
    }

    /** Two IR names that shorten to one iptables name would merge two chains; refuse instead. */
    private static void requireUniqueNames(List<OwnChain> chains, TableKind table) {
        List<String> names = new ArrayList<>(chains.size());
        for (OwnChain c : chains) {
            names.add(c.name());
        }
        requireUniqueChainNames(names, table);
    }

    /** Two IR names that shorten to one iptables name would merge two chains; refuse instead. */
    static void requireUniqueChainNames(List<String> names, TableKind table) {
        Set<String> seen = new HashSet<>(names.size() * 2);
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("two chains of the " + table.iptablesName()
                        + " table map to the iptables name " + n);
            }
        }
    }
}

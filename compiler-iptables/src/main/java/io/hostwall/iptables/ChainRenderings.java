package io.hostwall.iptables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Every chain rendered, before the table sections are put together, in each table of each family's document that
 * holds it (an IR chain in every table that reaches it, a base chain in its own): its lines and helper chains, or the
 * error rendering it met there. A large ruleset's chains are
 * rendered by the caller and a pool thread, which take blocks of chains from one counter.
 *
 * <p>Why this is the same as rendering section by section in document order: a chain's lines depend only on the
 * chain, the family, the table and what was kept of the same chain in the tables and family rendered before
 * ({@link KeptChain}), never on other chains. Here each chain is rendered in every place it is needed, one after
 * the other, by one thread, with its own {@code KeptChain}: so every chain gets what it gets in order, whichever
 * thread renders it and whenever. A place where rendering fails keeps nothing, so the chain's later places are
 * rendered as they would be after that error; {@link TableRenderer} throws the stored error where rendering in
 * order would have thrown it, so errors are the same too ({@code ChainSharingProperties},
 * {@code ChainRenderingsProperties}).
 *
 * <p>Why two threads: rendering the chains is most of a large node's iptables render, and a node agent's other core
 * is idle meanwhile. Blocks are taken from a counter, not split in advance, because the pool thread starts late
 * (after the IP sets' document, see {@link IptablesBackend#render}) or not at all.
 */
final class ChainRenderings {
    /** Below this many chains (base and IR), the caller renders them all: handing work over costs more. */
    static final int MIN_CHAINS = 256;
    /** Chains per block: some tens of microseconds of rendering, so that neither thread waits long at the end. */
    static final int BLOCK_CHAINS = 16;

    /**
     * How the chains are shared out (tests choose small rulesets and blocks, and pools that run late or never).
     *
     * @param minChains the fewest chains (base and IR) worth sharing
     * @param blockChains chains per block
     * @param pool runs the second thread's part
     */
    record Plan(int minChains, int blockChains, Executor pool) {
        /** The plan of every render: the common pool (one thread on a two-core machine). */
        static final Plan DEFAULT = new Plan(MIN_CHAINS, BLOCK_CHAINS, ForkJoinPool.commonPool());

        Plan {
            if (blockChains < 1) {
                throw new IllegalArgumentException("blocks need a chain: " + blockChains);
            }
        }
    }

    /** One chain rendered in one table of one family: its lines and the helper chains they need. */
    record Rendered(ImmutableList<String> lines, ImmutableList<OwnChain> helpers) {}

    private static final IpFamily[] FAMILIES = IpFamily.values();
    private static final TableKind[] TABLES = TableKind.values();
    /** Places a chain can be rendered in: family × table. */
    private static final int PLACES = FAMILIES.length * TABLES.length;

    /** A chain to render: an IR chain, or a base chain (held by its own table only). */
    private record Item(String name, List<IrRule> rules) {}

    /** The IR chains, then the base chains. */
    private final List<Item> items;
    private final int baseFrom;
    /** Per item, the tables that hold it, as {@link KeptChain#bit} bits. */
    private final int[] tablesOf;
    private final List<BaseChain> bases;
    private final BiFunction<IpFamily, TableKind, RuleRenderer> renderers;
    /** Per item and place: a {@link Rendered}, a {@link RuntimeException}, or null where the item is not held. */
    private final Object[] outcomes;

    private ChainRenderings(List<Chain> chains, List<BaseChain> bases, int[][] reached,
            BiFunction<IpFamily, TableKind, RuleRenderer> renderers) {
        this.renderers = renderers;
        this.bases = bases;
        this.baseFrom = chains.size();
        this.items = new ArrayList<>(chains.size() + bases.size());
        for (Chain c : chains) {
            items.add(new Item(c.name(), c.rules()));
        }
        for (BaseChain b : bases) {
            items.add(new Item(b.name(), b.rules()));
        }
        this.tablesOf = new int[items.size()];
        for (TableKind t : TABLES) {
            for (int i : reached[t.ordinal()]) {
                tablesOf[i] |= KeptChain.bit(t);
            }
        }
        for (int k = 0; k < bases.size(); k++) {
            tablesOf[baseFrom + k] = KeptChain.bit(bases.get(k).table());
        }
        this.outcomes = new Object[items.size() * PLACES];
    }

    /**
     * Renders every base chain, and every IR chain that a table holds.
     *
     * @param chains the ruleset's chains
     * @param bases the ruleset's base chains
     * @param reached per table (by ordinal), the positions in {@code chains} of the chains it holds
     * @param renderers a new renderer of one family and table, each used by one thread only; the function is called
     *     from both threads, so it must only read
     * @param plan how the chains are shared out
     */
    static ChainRenderings render(List<Chain> chains, List<BaseChain> bases, int[][] reached,
            BiFunction<IpFamily, TableKind, RuleRenderer> renderers, Plan plan) {
        ChainRenderings out = new ChainRenderings(chains, bases, reached, renderers);
        out.renderAll(plan);
        return out;
    }

    /**
     * The chain at {@code chain} in {@code ruleset.chains()}, as rendered in {@code table} of {@code family}'s
     * document; one the table holds.
     *
     * @throws RuntimeException the error rendering the chain there met
     */
    Rendered of(int chain, IpFamily family, TableKind table) {
        return outcome(chain, family, table);
    }

    /**
     * Base chain {@code base} (its position in {@code ruleset.baseChains()}) as rendered in {@code family}'s document.
     *
     * @throws RuntimeException the error rendering it met
     */
    Rendered ofBase(int base, IpFamily family) {
        return outcome(baseFrom + base, family, bases.get(base).table());
    }

    private Rendered outcome(int item, IpFamily family, TableKind table) {
        Object o = outcomes[item * PLACES + place(family, table)];
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o == null) {
            throw new IllegalStateException("chain " + items.get(item).name() + " is not held by " + table);
        }
        return (Rendered) o;
    }

    private void renderAll(Plan plan) {
        int n = items.size();
        if (n < plan.minChains()) {
            RuleRenderer[] own = new RuleRenderer[PLACES];
            for (int i = 0; i < n; i++) {
                renderChain(i, own);
            }
            return;
        }
        int per = plan.blockChains();
        int blocks = (n + per - 1) / per;
        AtomicInteger next = new AtomicInteger();
        PoolOffer<Void> help = PoolOffer.offer(plan.pool(), () -> renderBlocks(next, blocks, per));
        try {
            renderBlocks(next, blocks, per);
        } catch (RuntimeException | Error e) {
            help.cancel();
            throw e;
        }
        help.take(); // waits only for the block the pool thread is rendering, if it started at all
    }

    /** Takes blocks until none is left; the renderers are this thread's own. */
    private Void renderBlocks(AtomicInteger next, int blocks, int per) {
        RuleRenderer[] own = new RuleRenderer[PLACES];
        for (int k = next.getAndIncrement(); k < blocks; k = next.getAndIncrement()) {
            int end = Math.min(items.size(), (k + 1) * per);
            for (int i = k * per; i < end; i++) {
                renderChain(i, own);
            }
        }
        return null;
    }

    /** Renders chain {@code i} in every place that holds it, in document order: families, then tables. */
    private void renderChain(int i, RuleRenderer[] own) {
        int tables = tablesOf[i];
        if (tables == 0) {
            return;
        }
        Item c = items.get(i);
        KeptChain kept = new KeptChain();
        for (IpFamily f : FAMILIES) {
            for (TableKind t : TABLES) {
                if ((tables & KeptChain.bit(t)) == 0) {
                    continue;
                }
                int place = place(f, t);
                RuleRenderer r = own[place];
                if (r == null) {
                    r = renderers.apply(f, t);
                    own[place] = r;
                }
                List<OwnChain> helpers = new ArrayList<>(0);
                Object outcome;
                try {
                    outcome = new Rendered(r.chain(kept, c.name(), c.rules(), helpers), ImmutableList.copyOf(helpers));
                } catch (RuntimeException e) {
                    outcome = e;
                }
                outcomes[i * PLACES + place] = outcome;
            }
        }
    }

    private static int place(IpFamily family, TableKind table) {
        return family.ordinal() * TABLES.length + table.ordinal();
    }
}

package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import io.hostwall.spi.RenderOptions;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Chains rendered on two threads ({@link ChainRenderings}), whatever the blocks and whenever the pool's part runs,
 * give the sections and documents rendering in order gives: the same lines, and for a ruleset that cannot be
 * rendered, the same error.
 */
class ChainRenderingsProperties {

    /** When the pool's part runs. */
    enum Pool {
        /** On its own thread, at once: the two threads take blocks side by side. */
        THREAD,
        /** On its own thread, to its end, before the caller renders any chain: the pool renders every block. */
        FIRST,
        /** On the caller's thread inside {@code execute}. */
        DIRECT,
        /** Never: the caller takes the offer back. */
        NEVER,
        /** The executor refuses it. */
        REFUSING;

        Executor executor() {
            return switch (this) {
                case THREAD -> task -> new Thread(task).start();
                case FIRST -> task -> {
                    Thread t = new Thread(task);
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                };
                case DIRECT -> Runnable::run;
                case NEVER -> task -> {};
                case REFUSING -> task -> {
                    throw new RejectedExecutionException("no pool");
                };
            };
        }
    }

    private static Object outcome(Supplier<Object> render) {
        try {
            return render.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static ChainRenderings.Plan plan(Pool pool, int block) {
        return new ChainRenderings.Plan(0, block, pool.executor());
    }

    @Property(tries = 600)
    void sectionsAreTheSectionsRenderedInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int block,
            @ForAll Pool pool, @ForAll boolean v6First) {
        Ruleset rs = new RandomIr(seed, 12).ruleset();
        if (outcome(() -> new TableRenderer(rs, false)) instanceof String) {
            return; // refused before any rule is rendered
        }
        IpFamily first = v6First ? IpFamily.V6 : IpFamily.V4;
        IpFamily second = v6First ? IpFamily.V4 : IpFamily.V6;
        TableRenderer shared = new TableRenderer(rs, plan(pool, block));
        Object firstShared = outcome(() -> shared.render(first));
        Object secondShared = outcome(() -> shared.render(second));
        assertEquals(outcome(() -> new TableRenderer(rs, false).render(first)), firstShared);
        assertEquals(outcome(() -> new TableRenderer(rs, false).render(second)), secondShared);
    }

    @Property(tries = 400)
    void documentsAreTheOldRenderersBytes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int block,
            @ForAll Pool pool) {
        Ruleset rs = new RandomIr(seed, 12).ruleset();
        RenderOptions options = RenderOptions.defaults();
        Object now = outcome(() -> new IptablesBackend(plan(pool, block)).render(rs, options).documents());
        Object before = outcome(() -> new io.hostwall.iptables.legacy.IptablesBackend().render(rs, options).documents());
        assertEquals(before, now);
    }

    @Example
    void largeRulesetsAreSharedOutByTheDefaultPlanAndGiveTheOldBytes() {
        // the default plan shares only rulesets of MIN_CHAINS chains or more, which the properties above never have
        int shared = 0;
        for (long seed = 0; seed < 40 && shared < 4; seed++) {
            Ruleset rs = new RandomIr(seed, 4 * ChainRenderings.MIN_CHAINS).ruleset();
            if (rs.chains().size() < ChainRenderings.MIN_CHAINS) {
                continue;
            }
            Object now = outcome(() -> new IptablesBackend().render(rs, RenderOptions.defaults()).documents());
            Object before = outcome(() -> new io.hostwall.iptables.legacy.IptablesBackend()
                    .render(rs, RenderOptions.defaults()).documents());
            assertEquals(before, now);
            if (!(now instanceof String)) {
                shared++;
            }
        }
        assertEquals(4, shared, "large rulesets that render");
    }

    @Example
    void thePoolRendersTheBlocksItTakes() {
        // a guard on the properties: with Pool.FIRST every chain is rendered by the pool's thread, so what they
        // compare is really the pool's work, and with Pool.NEVER all of it is the caller's
        Ruleset rs = renderable();
        TableRenderer tables = new TableRenderer(rs, false);
        for (TableKind t : TableKind.values()) {
            tables.names(t);
        }
        int[][] reached = ChainReachability.indices(rs);
        for (Pool pool : new Pool[] {Pool.FIRST, Pool.NEVER}) {
            Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
            ChainRenderings.render(rs.chains(), rs.baseChains(), reached, (f, t) -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                return tables.renderer(f, t);
            }, plan(pool, 2));
            assertEquals(1, threads.size());
            assertEquals(pool == Pool.NEVER, threads.contains(Thread.currentThread()), pool.name());
        }
    }

    @Example
    void smallRulesetsStayOnTheCallersThread() {
        Ruleset rs = renderable();
        Set<String> ran = new HashSet<>();
        int chains = rs.chains().size() + rs.baseChains().size();
        new TableRenderer(rs, new ChainRenderings.Plan(chains + 1, 1, task -> ran.add("pool")))
                .render(IpFamily.V4);
        assertFalse(ran.contains("pool"), "a ruleset under minChains offers nothing to the pool");
        new TableRenderer(rs, new ChainRenderings.Plan(chains, 1, task -> ran.add("pool")))
                .render(IpFamily.V4);
        assertTrue(ran.contains("pool"));
    }

    /** A ruleset of six chains or more that renders. */
    private static Ruleset renderable() {
        for (long seed = 0; ; seed++) {
            Ruleset candidate = new RandomIr(seed, 12).ruleset();
            if (candidate.chains().size() >= 6
                    && !(outcome(() -> new IptablesBackend().render(candidate, RenderOptions.defaults())) instanceof String)) {
                return candidate;
            }
        }
    }
}

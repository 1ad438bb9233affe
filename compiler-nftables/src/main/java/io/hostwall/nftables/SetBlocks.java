package io.hostwall.nftables;

import io.hostwall.ir.IpSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The declaration blocks of a ruleset's IR sets, written on a pool thread while the caller writes the chains.
 *
 * <p>Why: a set's block depends on the set alone (its members sorted and checked, then spelled), and on a large node
 * the sets are half the script and a quarter of a first render's time (JFR, issue 10), while the chains, which
 * must be written first (they count the lookups that order the declarations), are the rest. Only a backend's
 * first render does this ({@code NftChainCache} serves the sets of later ones), and only for sets large enough to
 * be worth a hand-over.
 *
 * <p>The result is what writing the blocks in IR order on the caller's thread gives: the blocks, or the exception
 * of the first set that cannot be written (the same exception object). Whoever comes first does the work: when the
 * pool has not started it by the time the caller needs it, the caller writes the blocks itself, so a busy pool never
 * makes a render wait.
 */
final class SetBlocks {
    /** Below this many members in all, the sets are written on the caller's thread: a hand-over costs more. */
    static final int MIN_MEMBERS = 512;

    private final List<IpSet> sets;
    private final BiConsumer<StringBuilder, IpSet> block;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final ForkJoinTask<?> written;
    /**
     * This, for the pool's task until one side claims the work: the task reaches the blocks only through it, so an
     * unstarted task still queued in a busy pool after the caller wrote the blocks itself keeps nothing alive.
     */
    private final AtomicReference<SetBlocks> offered = new AtomicReference<>(this);
    private final String[] blocks;
    private RuntimeException failure;

    private SetBlocks(List<IpSet> sets, BiConsumer<StringBuilder, IpSet> block) {
        this.sets = sets;
        this.block = block;
        this.blocks = new String[sets.size()];
        // The common pool itself, not CompletableFuture's default: with two processors the pool has one thread, and
        // CompletableFuture would start a new thread per task instead.
        AtomicReference<SetBlocks> task = offered;
        this.written = ForkJoinPool.commonPool().submit(() -> {
            SetBlocks self = task.getAndSet(null);
            if (self != null) {
                self.writeIfFirst();
            }
        });
    }

    /**
     * Starts writing the blocks of {@code sets}, or returns null when they are too small to hand over.
     *
     * @param block appends one set's block; throws for a set that cannot be written
     */
    static SetBlocks start(List<IpSet> sets, BiConsumer<StringBuilder, IpSet> block) {
        long members = 0;
        for (IpSet s : sets) {
            members += s.members().size();
        }
        return members >= MIN_MEMBERS ? new SetBlocks(sets, block) : null;
    }

    private void writeIfFirst() {
        if (claimed.compareAndSet(false, true)) {
            write();
        }
    }

    private void write() {
        StringBuilder b = new StringBuilder(1 << 12);
        for (int i = 0; i < sets.size(); i++) {
            try {
                b.setLength(0);
                block.accept(b, sets.get(i));
                blocks[i] = b.toString();
            } catch (RuntimeException e) {
                failure = e; // the first bad set in IR order, as the caller would meet it
                return;
            }
        }
    }

    /** Tells a pool thread that has not started yet not to (the caller failed and needs no blocks). */
    void abandon() {
        claimed.set(true);
        offered.set(null);
    }

    /**
     * The blocks, in the order of the sets given.
     *
     * @throws RuntimeException the exception of the first set that could not be written
     */
    String[] get() {
        if (claimed.compareAndSet(false, true)) {
            offered.set(null);
            write();
        } else {
            written.join(); // the pool thread is writing them (or has): its writes are visible after the join
        }
        if (failure != null) {
            throw failure;
        }
        return blocks;
    }
}

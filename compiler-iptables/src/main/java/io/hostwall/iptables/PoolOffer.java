package io.hostwall.iptables;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Work offered to a pool thread, which the caller takes back and does itself when it needs the result before the
 * pool has started it. The work runs exactly once, on whichever thread claims it first, and the caller never waits
 * for a pool that is busy elsewhere: it waits only for work already running.
 *
 * <p>Why: a render of a large node has parts that need nothing from each other (the IP sets' document, half of the
 * chains, one family's document), and a node agent's second core is otherwise idle while it renders. Results and
 * errors do not depend on which thread did the work: the work reads only immutable input, and {@link #take} returns
 * its value or throws its exception at the point where the caller asks, so a caller that takes its offers in a fixed
 * order meets errors in that order.
 *
 * @param <T> the result
 */
final class PoolOffer<T> {
    /**
     * The work, until a thread claims it: dropped then, so that an offer still queued in a busy pool after the
     * caller took it back does not keep what the work reads (a whole ruleset's renderings) from the collector.
     */
    private volatile Supplier<T> work;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private boolean done;
    private T value;
    private Throwable failure;

    private PoolOffer(Supplier<T> work) {
        this.work = work;
    }

    /**
     * Offers {@code work} to {@code pool}; a pool that refuses it leaves it to {@link #take}.
     *
     * @param pool where the work may run
     * @param work reads only what no one changes while it runs
     * @return the offer, to be taken or cancelled
     */
    static <T> PoolOffer<T> offer(Executor pool, Supplier<T> work) {
        PoolOffer<T> o = new PoolOffer<>(work);
        try {
            pool.execute(o::runOnPool);
        } catch (RejectedExecutionException e) {
            // no pool: take() does the work
        }
        return o;
    }

    private void runOnPool() {
        if (!claimed.compareAndSet(false, true)) {
            return; // taken back, or cancelled
        }
        T v = null;
        Throwable f = null;
        try {
            v = claim().get();
        } catch (RuntimeException | Error e) {
            f = e;
        }
        synchronized (this) {
            value = v;
            failure = f;
            done = true;
            notifyAll();
        }
    }

    /**
     * The work's result: done here when the pool has not started it, else waited for. Called once, and never after
     * {@link #cancel}: a second call, or one after cancelling, would wait for a result no thread gives.
     *
     * @return what the work returned
     * @throws RuntimeException what the work threw (also when it ran on the pool)
     */
    T take() {
        if (claimed.compareAndSet(false, true)) {
            return claim().get();
        }
        boolean interrupted = false;
        synchronized (this) {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the work is running and ends by itself: wait for it, then keep the interrupt
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return value;
    }

    /** The result is not needed (the caller failed): work the pool has not started never runs. */
    void cancel() {
        if (claimed.compareAndSet(false, true)) {
            work = null;
        }
    }

    /** The work, taken by the one thread that claimed it. */
    private Supplier<T> claim() {
        Supplier<T> w = work;
        work = null;
        return w;
    }
}

package io.hostwall.nftables;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Who writes which chains of a backend's first render: the caller takes blocks of chains from the front, a pool
 * thread from the back, until they meet. So the caller's part and the pool's part are each one contiguous range,
 * whatever the timing, and the pool's part is exactly what the pool thread wrote (none when it never started).
 *
 * <p>Why: writing the chains of a large node is most of a first render, bound by the latency of first touching the
 * IR's objects (JFR), and the machine's other core is idle once the IR's set blocks are written ({@link SetBlocks},
 * which the pool thread runs first). Why from both ends and not a split fixed in advance: the pool thread starts
 * late (after the sets) or not at all (busy), and the caller never waits for work the pool has not started.
 *
 * <p>The writers share no mutable state; {@link NftScript} merges the pool's part into the caller's after
 * {@link #awaitPool}, or, when the pool's writer failed or its shared sets collide with the caller's, has the caller
 * write that part again itself, in order, so what a render returns or throws is what writing in order gives.
 */
final class ChainShare {
    /** Below this many chains, a first render writes them all on the caller's thread: a hand-over costs more. */
    static final int MIN_CHAINS = 256;
    /** Chains per block: a few tens of microseconds of writing, so the writers meet with little waiting. */
    static final int BLOCK_CHAINS = 16;

    /**
     * How chains are shared (tests choose small blocks, and a pool that runs the task at once with a limit, to place
     * the meeting point where they want it).
     *
     * @param minChains the fewest chains worth sharing
     * @param blockChains chains per block
     * @param pool runs the pool's writer
     * @param poolBlocks the most blocks the pool's writer takes
     */
    record Plan(int minChains, int blockChains, Executor pool, int poolBlocks) {
        /** The plan of every render: the common pool (one thread on a two-core machine, which runs the sets first). */
        static final Plan DEFAULT = new Plan(MIN_CHAINS, BLOCK_CHAINS, ForkJoinPool.commonPool(), Integer.MAX_VALUE);
    }

    private final int poolLimit;
    private int front;
    private int back;
    private int poolTaken;
    /** No more blocks for the pool: the caller has taken the rest, or failed. */
    private boolean closed;
    private boolean poolWriting;
    private boolean poolFailed;

    /**
     * @param blocks how many blocks there are
     * @param poolLimit the most blocks the pool's writer takes
     */
    ChainShare(int blocks, int poolLimit) {
        this.back = blocks;
        this.poolLimit = poolLimit;
    }

    /** {@return the next block for the caller, or -1 when the writers have met (then the pool takes no more)} */
    synchronized int callerBlock() {
        if (front < back) {
            return front++;
        }
        closed = true;
        return -1;
    }

    /** {@return whether the pool's writer may start: false once the caller has taken every block or failed} */
    synchronized boolean poolStarts() {
        if (closed) {
            return false;
        }
        poolWriting = true;
        return true;
    }

    /** {@return the next block for the pool's writer (from the back), or -1} */
    synchronized int poolBlock() {
        if (closed || front >= back || poolTaken >= poolLimit) {
            return -1;
        }
        poolTaken++;
        return --back;
    }

    /**
     * The pool's writer has stopped.
     *
     * @param failed whether it stopped at an error (then its blocks are written again by the caller)
     */
    synchronized void poolDone(boolean failed) {
        poolWriting = false;
        poolFailed = failed;
        notifyAll();
    }

    /** The caller failed: the pool's writer takes no more blocks (its result is not needed). */
    synchronized void abandon() {
        closed = true;
    }

    /**
     * Waits until the pool's writer has stopped (after the caller has taken its last block).
     *
     * @return the first block of the pool's part (the block count when it has none), or -1 when it failed
     */
    synchronized int awaitPool() {
        boolean interrupted = false;
        while (poolWriting) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the pool's writer ends within a block: finish, then keep the interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return poolFailed ? -1 : back;
    }

    /** {@return the first block of the pool's part, failed or not (valid after {@link #awaitPool})} */
    synchronized int poolFrom() {
        return back;
    }
}

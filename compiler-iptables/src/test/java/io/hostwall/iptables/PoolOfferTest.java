package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** An offer runs exactly once: on the pool when it started first, else on the caller; its errors reach the caller. */
class PoolOfferTest {

    /** An executor that holds what it is given until the test runs it. */
    private static final class Held implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }

    /** A pool that starts every task at once on a thread of its own. */
    private static final class Started implements Executor {
        final List<Thread> threads = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            Thread thread = new Thread(task);
            threads.add(thread);
            thread.start();
        }

        Thread only() {
            assertEquals(1, threads.size());
            return threads.get(0);
        }
    }

    @Test
    void workThePoolHasNotStartedIsDoneByTheCallerAndNeverAgain() {
        Held pool = new Held();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        PoolOffer<String> offer = PoolOffer.offer(pool, () -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread());
            return "done";
        });
        assertEquals(1, pool.tasks.size());
        assertEquals("done", offer.take());
        assertSame(Thread.currentThread(), ranOn.get());
        pool.runAll(); // the pool gets to it late: it finds the work taken
        assertEquals(1, runs.get());
    }

    @Test
    void workThePoolDidIsTakenFromIt() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Started pool = new Started();
        PoolOffer<String> offer = PoolOffer.offer(pool, () -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread());
            return "pool";
        });
        pool.only().join();
        assertEquals("pool", offer.take());
        assertSame(pool.only(), ranOn.get());
        assertEquals(1, runs.get());
    }

    @Test
    void theCallerWaitsForWorkThatIsRunning() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        PoolOffer<Integer> offer = PoolOffer.offer(new Started(), () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return runs.incrementAndGet();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        assertEquals(1, offer.take()); // not run a second time on the caller: waited for the pool's run
        assertEquals(1, runs.get());
        releaser.join();
    }

    @Test
    void anErrorOnThePoolIsThrownByTake() throws InterruptedException {
        IllegalArgumentException error = new IllegalArgumentException("refused");
        Started pool = new Started();
        PoolOffer<String> offer = PoolOffer.offer(pool, () -> {
            throw error;
        });
        pool.only().join();
        assertSame(error, assertThrows(IllegalArgumentException.class, offer::take));
    }

    @Test
    void anErrorOnTheCallerIsThrownByTake() {
        PoolOffer<String> offer = PoolOffer.offer(new Held(), () -> {
            throw new IllegalStateException("refused here");
        });
        assertEquals("refused here", assertThrows(IllegalStateException.class, offer::take).getMessage());
    }

    @Test
    void aPoolThatRefusesLeavesTheWorkToTheCaller() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        PoolOffer<String> offer = PoolOffer.offer(task -> {
            throw new RejectedExecutionException("shut down");
        }, () -> {
            ranOn.set(Thread.currentThread());
            return "caller";
        });
        assertEquals("caller", offer.take());
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void cancelledWorkNeverRuns() {
        Held pool = new Held();
        AtomicInteger runs = new AtomicInteger();
        PoolOffer<Integer> offer = PoolOffer.offer(pool, runs::incrementAndGet);
        offer.cancel();
        pool.runAll();
        assertEquals(0, runs.get());
    }

    @Test
    void anOfferStillQueuedAfterItWasTakenBackKeepsNothingAlive() throws InterruptedException {
        Held pool = new Held(); // a busy pool: it holds the task past the render
        WeakReference<Object> read = offerReadingSomething(pool);
        for (int i = 0; i < 50 && read.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, read.get(), "what the work read is collectable while its task is still queued");
        assertEquals(1, pool.tasks.size());
    }

    /** Offers work that reads a large object, takes it back, and returns a weak reference to that object. */
    private static WeakReference<Object> offerReadingSomething(Held pool) {
        Object large = new byte[1 << 20];
        PoolOffer<Integer> offer = PoolOffer.offer(pool, () -> ((byte[]) large).length);
        assertEquals(1 << 20, offer.take());
        return new WeakReference<>(large);
    }
}

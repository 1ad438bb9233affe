package io.hostwall.compiler.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a virtual clock, for tests without timing: {@code execute} runs at once on the caller's thread,
 * scheduled tasks run only when {@link #advance} moves the clock past them.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private long now;
    private long seq;
    private final List<Task> tasks = new ArrayList<>();
    private boolean shutdown;

    final class Task implements ScheduledFuture<Object> {
        long due;
        final long period;
        final long order = seq++;
        final Runnable body;
        boolean cancelled;
        boolean done;

        Task(long due, long period, Runnable body) {
            this.due = due;
            this.period = period;
            this.body = body;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return tasks.remove(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    /** Moves the clock forward, running every task that falls due, in due order. */
    void advance(Duration d) {
        long until = now + d.toNanos();
        while (true) {
            Task next = tasks.stream().filter(t -> t.due <= until)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            now = next.due;
            tasks.remove(next);
            next.body.run();
            if (next.period > 0 && !next.cancelled) {
                next.due = now + next.period;
                tasks.add(next);
            } else {
                next.done = true;
            }
        }
        now = until;
    }

    /** {@return how many tasks wait} */
    int waiting() {
        return tasks.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(now + unit.toNanos(delay), 0, command);
        tasks.add(t);
        return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        Task t = new Task(now + unit.toNanos(initialDelay), unit.toNanos(delay), command);
        tasks.add(t);
        return t;
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}

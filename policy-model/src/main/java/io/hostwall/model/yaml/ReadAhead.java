package io.hostwall.model.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a {@link ManifestReader} on a thread of its own while the caller's thread handles the documents it has read:
 * YAML parsing and validation overlap (issue 10: parsing is about half of a load). Everything the reader produces,
 * problems and documents, is replayed on the caller's thread in the order the reader produced it, so the problems
 * and the resources of a load are exactly those of reading and handling in turn on one thread; the reader is at most
 * {@link #BATCHES_AHEAD} batches of {@link #BATCH} documents ahead, so memory still grows with the resources loaded,
 * not with the text.
 */
final class ReadAhead {
    /** Documents per hand-over: one hand-over per document would cost more than a small document's validation. */
    static final int BATCH = 16;
    /** Batches the reader may be ahead of the caller. */
    static final int BATCHES_AHEAD = 8;
    /** Reader threads are kept for a while (a watch reloads often) and never keep the JVM alive. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "hostwall-manifest-reader");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A document as the reader handed it over.
     *
     * @param document the document
     * @param lastLine the line of the last token the reader had read
     */
    record Handed(ManifestReader.Document document, int lastLine) {}

    /** One thing the reader produced. */
    private sealed interface Step permits ProblemStep, DocumentStep, End {}

    private record ProblemStep(int line, FieldPath field, String message) implements Step {}

    private record DocumentStep(Handed handed) implements Step {}

    /** The reader has returned, or failed with an error it did not handle itself. */
    private record End(Optional<Throwable> failure) implements Step {}

    private final BlockingQueue<List<Step>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private volatile boolean cancelled;

    private ReadAhead() {}

    /**
     * Reads with the reader {@code reader} makes, handing documents to {@code sink} and problems to {@code report}
     * on this thread, in order. When {@code sink} fails with a runtime exception, the reader is stopped, what it
     * produced after that document is dropped, and {@code sinkFailed} reports the failure; an error thrown by
     * {@code sink} or by the reader is rethrown here once the reader has stopped.
     *
     * @param reader makes the reader, given where its output goes
     * @param report where problems go
     * @param sink receives each document
     * @param sinkFailed reports a failure of {@code sink}
     */
    static void read(Function<ManifestReader.Output, ManifestReader> reader, ProblemReport report,
            Consumer<ManifestReader.Document> sink, BiConsumer<RuntimeException, Handed> sinkFailed) {
        new ReadAhead().run(reader, report, sink, sinkFailed);
    }

    private void run(Function<ManifestReader.Output, ManifestReader> reader, ProblemReport report,
            Consumer<ManifestReader.Document> sink, BiConsumer<RuntimeException, Handed> sinkFailed) {
        Future<?> reading = READERS.submit(() -> produce(reader));
        boolean stopped = false;
        Error error = null;
        RuntimeException readerFailure = null;
        boolean interrupted = false;
        boolean ended = false;
        while (!ended) {
            List<Step> batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                // The reader must be drained and finished before this returns (the caller closes its input).
                interrupted = true;
                continue;
            }
            for (Step step : batch) {
                if (step instanceof End end) {
                    ended = true;
                    if (!stopped && end.failure().isPresent()) {
                        Throwable t = end.failure().get();
                        if (t instanceof Error e) {
                            error = e;
                        } else if (t instanceof RuntimeException r) {
                            readerFailure = r;
                        } else {
                            readerFailure = new IllegalStateException(t);
                        }
                    }
                } else if (stopped) {
                    continue;
                } else if (step instanceof ProblemStep p) {
                    report.add(p.line(), p.field(), p.message());
                } else if (step instanceof DocumentStep h) {
                    try {
                        sink.accept(h.handed().document());
                    } catch (RuntimeException e) {
                        stopped = true;
                        cancelled = true;
                        sinkFailed.accept(e, h.handed());
                    } catch (Error e) {
                        stopped = true;
                        cancelled = true;
                        error = e;
                    }
                }
            }
        }
        awaitQuietly(reading);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error != null) {
            throw error;
        }
        if (readerFailure != null) {
            throw readerFailure;
        }
    }

    private void produce(Function<ManifestReader.Output, ManifestReader> reader) {
        Batcher batcher = new Batcher();
        Optional<Throwable> failure = Optional.empty();
        try {
            reader.apply(batcher).readAll();
        } catch (Throwable t) { // NOPMD: handed to the caller's thread, which rethrows it
            failure = Optional.of(t);
        }
        batcher.steps.add(new End(failure));
        handOver(batcher.steps);
    }

    /** Collects the reader's output into batches. */
    private final class Batcher implements ManifestReader.Output {
        private List<Step> steps = new ArrayList<>();
        private int documents;

        @Override
        public void problem(int line, FieldPath field, String message) {
            steps.add(new ProblemStep(line, field, message));
        }

        @Override
        public void document(ManifestReader.Document document, int lastLine) {
            if (cancelled) {
                throw new ManifestReader.StopReading();
            }
            steps.add(new DocumentStep(new Handed(document, lastLine)));
            if (++documents == BATCH) {
                handOver(steps);
                steps = new ArrayList<>();
                documents = 0;
            }
        }
    }

    /** Waits for room: the caller takes batches until it has seen the end, so room always comes. */
    private void handOver(List<Step> steps) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(steps);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(Future<?> reading) {
        boolean interrupted = false;
        while (true) {
            try {
                reading.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break; // produce() hands every failure over as a step
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

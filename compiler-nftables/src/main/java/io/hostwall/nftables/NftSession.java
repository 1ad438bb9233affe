package io.hostwall.nftables;

import io.hostwall.dataplane.DataplaneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One {@code nft -i} process that runs transactions for a dataplane, one input line each. Why: on a large table
 * an {@code nft -f} process spends as long starting and ending as the transaction itself takes. Its exit waits for
 * the kernel to free what the transaction deleted (a netlink socket's release flushes nf_tables' pending destroy
 * work, an RCU grace period), and it loads its libraries each time: on node-1 of the 5,000-policy cluster a rule
 * edit took 38-45 ms with {@code nft -f} and 21-25 ms through one kept process (measured from a shell, idle).
 *
 * <p>How a transaction runs: nft reads a line and runs all of its commands, separated by {@code ;}, as one batch,
 * which the kernel commits whole or not at all, exactly as {@code nft -f} runs a file. The line is followed by a
 * second line, {@code list table inet <marker>}, naming a table that does not exist: nft answers it with an error
 * that names the marker, after everything the transaction printed, so the marker says the transaction is done,
 * and whatever nft printed on stderr before the marker's error is the transaction's complaint.
 *
 * <p>A session is ended (and the next transaction starts a fresh one) after a failure to talk to it, after a
 * timeout, and after {@link #MAX_TRANSACTIONS} transactions: nft's line editor keeps a history of every line. Not
 * thread-safe; the dataplane calls it under its lock.
 */
final class NftSession implements AutoCloseable {
    /** Lines a session runs before it is replaced (nft's line editor remembers each). */
    static final int MAX_TRANSACTIONS = 512;
    /** The longest transaction sent as one line; longer ones go to {@code nft -f}, whose start is then noise. */
    static final int MAX_LINE_CHARS = 256 * 1024;

    private final Process process;
    private final OutputStream in;
    private final StreamCollector out;
    private final StreamCollector err;
    private long transactions;

    NftSession(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new StreamCollector(process.getInputStream(), "nft-session-out");
        this.err = new StreamCollector(process.getErrorStream(), "nft-session-err");
    }

    /** {@return whether this session may run another transaction} */
    boolean usable() {
        return process.isAlive() && transactions < MAX_TRANSACTIONS;
    }

    /**
     * The transaction {@code script} (one command per line; {@code #} comments and blank lines are dropped) as the
     * single line a session runs, or empty when it is too long for one.
     */
    static java.util.Optional<String> line(String script) {
        if (script.length() > MAX_LINE_CHARS) {
            return java.util.Optional.empty();
        }
        StringBuilder b = new StringBuilder(script.length());
        for (String l : (Iterable<String>) script.lines()::iterator) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(t);
        }
        return java.util.Optional.of(b.toString());
    }

    /**
     * Runs one transaction.
     *
     * @param line the transaction, from {@link #line}
     * @param timeout how long to wait for nft's answer
     * @return what nft complained of; empty when the transaction was committed
     * @throws DataplaneException if the session cannot be written to, died, or did not answer in time (then the
     *     transaction's outcome is unknown and the session is closed)
     */
    String run(String line, Duration timeout) {
        transactions++;
        String marker = "hwmark" + transactions;
        out.clear();
        err.clear();
        try {
            in.write((line + "\nlist table inet " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            close();
            throw new DataplaneException("nft -i: cannot write the transaction: " + e.getMessage(), e);
        }
        String echo = "list table inet " + marker;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String said = err.text();
            int at = said.indexOf(echo);
            if (at >= 0) {
                // The marker's error block starts at its "Error:" line; everything before is the transaction's.
                int block = said.lastIndexOf("Error:", at);
                return (block < 0 ? "" : said.substring(0, block)).strip();
            }
            if (out.text().contains(marker)) { // someone made a table of that name: nft listed it instead
                return said.strip();
            }
            if (!process.isAlive() && !err.open() && !out.open()) {
                close();
                throw new DataplaneException("nft -i exited with status " + process.exitValue() + ": "
                        + said.strip());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                close();
                throw new DataplaneException("nft -i did not answer within " + timeout.toMillis() + " ms");
            }
            err.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Ends the process: its input is closed (nft exits at the end of input), then it is killed if it lingers. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one of the process's streams into a buffer on a daemon thread, and wakes a waiting reader. */
    private static final class StreamCollector implements Runnable {
        private final InputStream stream;
        private final StringBuilder text = new StringBuilder();
        private boolean open = true;

        StreamCollector(InputStream stream, String name) {
            this.stream = stream;
            Thread t = new Thread(this, name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            char[] buffer = new char[8192];
            // A reader, not bytes decoded per read: a character split across two reads stays one character.
            try (Reader r = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buffer)) >= 0) {
                    synchronized (this) {
                        text.append(buffer, 0, n);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process is gone; the reader sees the stream closed.
            } finally {
                synchronized (this) {
                    open = false;
                    notifyAll();
                }
            }
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized boolean open() {
            return open;
        }

        synchronized void clear() {
            text.setLength(0);
        }

        synchronized void await(long nanos) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataplaneException("interrupted while waiting for nft -i", e);
            }
        }
    }
}

package io.hostwall.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs one external command with stdin, collecting exit code, stdout and stderr. */
final class Cmd {
    /** Stream drainers get their own threads: the common pool has one thread on a 2-core machine. */
    private static final ExecutorService DRAIN = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-cmd-drain");
        t.setDaemon(true);
        return t;
    });

    private Cmd() {}

    record Result(List<String> command, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** For failure messages: the command and everything it said. */
        String describe() {
            return String.join(" ", command) + " -> exit " + exit + (out.isBlank() ? "" : "\nstdout:\n" + out)
                    + (err.isBlank() ? "" : "\nstderr:\n" + err);
        }

        Result orThrow() {
            if (!ok()) {
                throw new LabException(describe());
            }
            return this;
        }
    }

    static Result run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).start();
            // Read both streams concurrently so a chatty tool cannot block on a full pipe.
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The tool may exit before reading all input (e.g. a parse error on line 1); its exit code says why.
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException("timed out after 60 s: " + String.join(" ", command));
            }
            return new Result(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + command);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), "");
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        }, DRAIN);
    }
}

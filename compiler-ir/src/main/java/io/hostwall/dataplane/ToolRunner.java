package io.hostwall.dataplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a kernel tool ({@code nft}, {@code iptables-restore}, {@code ipset}, ...) in the current network namespace.
 * The dataplanes talk to the kernel only through this, so a test can wrap the real runner to inject a refusal or
 * count what was written, and still have the real tools do the work.
 */
@FunctionalInterface
public interface ToolRunner {

    /**
     * Runs {@code command}, feeding it {@code stdin}, and waits for it.
     *
     * @param command the program and its arguments
     * @param stdin what to write to its standard input (may be empty)
     * @return its exit status and output
     * @throws DataplaneException if it cannot be started
     */
    Result run(List<String> command, String stdin);

    /**
     * Starts {@code command} as a long-lived process whose standard input and output the caller drives (a tool's
     * interactive mode, {@code nft -i}), where this runner can. The default cannot: a test's wrapper or a recording
     * runner sees every request through {@link #run}, and callers fall back to it.
     *
     * @param command the program and its arguments
     * @return the started process, or empty when this runner starts none
     * @throws DataplaneException if the program cannot be started
     */
    default Optional<Process> start(List<String> command) {
        return Optional.empty();
    }

    /**
     * This runner with {@code prefix} before every command, e.g. {@code ip netns exec NS}: both {@link #run} and
     * {@link #start} go through {@code base}.
     *
     * @param base the runner that runs the prefixed commands
     * @param prefix the words put before each command
     * @return the prefixing runner
     */
    static ToolRunner prefixed(ToolRunner base, List<String> prefix) {
        Objects.requireNonNull(base, "base");
        List<String> words = List.copyOf(prefix);
        return new ToolRunner() {
            @Override
            public Result run(List<String> command, String stdin) {
                return base.run(join(words, command), stdin);
            }

            @Override
            public Optional<Process> start(List<String> command) {
                return base.start(join(words, command));
            }
        };
    }

    private static List<String> join(List<String> prefix, List<String> command) {
        List<String> c = new ArrayList<>(prefix.size() + command.size());
        c.addAll(prefix);
        c.addAll(command);
        return c;
    }

    /**
     * What a tool did.
     *
     * @param exitCode its exit status, 0 for success
     * @param stdout its standard output
     * @param stderr its standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
        /**
         * Checks the parts.
         *
         * @param exitCode its exit status
         * @param stdout its standard output
         * @param stderr its standard error
         */
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /** {@return whether it succeeded} */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** {@return a runner that starts the real programs found on {@code PATH}} */
    static ToolRunner system() {
        return new ToolRunner() {
            @Override
            public Result run(List<String> command, String stdin) {
                Process p = launch(command);
                // Drain both streams while writing stdin, so a tool that prints a lot never blocks on a full pipe.
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The tool exited before reading all of its input; its status and stderr say why.
                }
                try {
                    int code = p.waitFor();
                    return new Result(code, out.join(), err.join());
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new DataplaneException("interrupted while running " + command.get(0), e);
                }
            }

            @Override
            public Optional<Process> start(List<String> command) {
                return Optional.of(launch(command));
            }
        };
    }

    private static Process launch(List<String> command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new DataplaneException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static String drain(InputStream s) {
        try (s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

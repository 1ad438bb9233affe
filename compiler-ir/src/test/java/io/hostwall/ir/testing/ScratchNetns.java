package io.hostwall.ir.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway network namespace {@code hwtest-<random>} for kernel tests, so that nothing a test loads (tables,
 * chains, ipsets) ever reaches the host's own ruleset. Use with try-with-resources: {@link #close()} deletes it.
 *
 * <p>When root, network namespaces or one of the tools the test names are missing, creating one skips the test
 * with a one-line reason, except under {@code CI=true}, where the same condition fails it: CI must prove the
 * kernel tests, not skip them. A backend subclasses this to add its own verbs (loading, listing) and to name the
 * tools it needs.
 */
public class ScratchNetns implements AutoCloseable {
    /** What a command did; {@code command} is kept so that a failure says what failed. */
    public record Result(List<String> command, int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** stderr then stdout: the order a failure message wants. */
        public String output() {
            return err + out;
        }

        public Result orFail() {
            return orFail(String.join(" ", command));
        }

        public Result orFail(String what) {
            if (exit != 0) {
                fail(what + " failed (exit " + exit + "):\n" + output());
            }
            return this;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TOOL_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin",
            "/usr/local/bin");
    // Large rulesets (the scale tests) take minutes to load on a slow kernel; a hung tool still ends the test.
    private static final long TIMEOUT_SECONDS = 600;
    private static Optional<String> namespaceProblem;

    private final String name;

    /**
     * A fresh namespace with {@code lo} up (a namespace starts with it down, and tests that send packets to
     * themselves need it); skips or (CI=true) fails when the kernel tests cannot run here with {@code tools}.
     */
    protected ScratchNetns(String... tools) {
        requireKernel(tools);
        byte[] r = new byte[5];
        RANDOM.nextBytes(r);
        this.name = "hwtest-" + HexFormat.of().formatHex(r);
        run(null, List.of("ip", "netns", "add", name)).orFail();
        Result lo = exec("ip", "link", "set", "lo", "up");
        if (!lo.ok()) {
            close();
            lo.orFail();
        }
    }

    /** A namespace for tests that need {@code ip} and {@code tools} and nothing more from this class. */
    public static ScratchNetns create(String... tools) {
        return new ScratchNetns(tools);
    }

    private static void requireKernel(String... tools) {
        Optional<String> reason = findMissingTool(tools).map(t -> t + " is not installed").or(ScratchNetns::probe);
        if (reason.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kernel test cannot run under CI=true: " + reason.get());
            }
            Assumptions.abort("kernel test skipped: " + reason.get());
        }
    }

    private static Optional<String> findMissingTool(String... tools) {
        List<String> all = new ArrayList<>(List.of("ip"));
        all.addAll(List.of(tools));
        return all.stream().filter(t -> which(t).isEmpty()).findFirst();
    }

    private static synchronized Optional<String> probe() {
        if (namespaceProblem == null) {
            namespaceProblem = Optional.ofNullable(findNamespaceProblem());
        }
        return namespaceProblem;
    }

    private static String findNamespaceProblem() {
        Result id = run(null, List.of("id", "-u"));
        if (!id.ok() || !id.out().strip().equals("0")) {
            return "not running as root (network namespaces need it)";
        }
        String probe = "hwtest-probe-" + ProcessHandle.current().pid();
        Result add = run(null, List.of("ip", "netns", "add", probe));
        if (!add.ok()) {
            return "cannot create a network namespace: " + add.err().strip();
        }
        run(null, List.of("ip", "netns", "del", probe));
        return null;
    }

    /** Where {@code tool} is installed, looking where distributions put system tools. */
    public static Optional<Path> which(String tool) {
        return TOOL_DIRS.stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    public final String name() {
        return name;
    }

    /** Runs {@code command} inside the namespace. */
    public final Result exec(String... command) {
        return pipe(null, command);
    }

    /** Runs {@code command} inside the namespace with {@code stdin} as its input. */
    public final Result pipe(String stdin, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(stdin, full);
    }

    @Override
    public final void close() {
        run(null, List.of("ip", "netns", "del", name));
    }

    /**
     * Runs {@code command} on the host. Output goes to files, not pipes: a command that fills one pipe while we
     * block on the other would hang, and files need no reader threads.
     */
    public static Result run(String stdin, List<String> command) {
        try {
            Path out = Files.createTempFile("hwtest-out", ".txt");
            Path err = Files.createTempFile("hwtest-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(command, -1, "", "timed out after " + TIMEOUT_SECONDS + " s");
                }
                return new Result(command, p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(command, -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "", "interrupted");
        }
    }
}

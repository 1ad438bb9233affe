package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
 * A throwaway network namespace for kernel tests, so that nothing a test loads ever reaches the host's ruleset.
 * {@link #create()} skips the test (one-line reason) when nft, root or network namespaces are missing, except under
 * {@code CI=true}, where the same condition fails the test: CI must prove the kernel tests, not skip them.
 */
final class Netns implements AutoCloseable {
    /** Result of a command. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        Result orFail(String what) {
            if (exit != 0) {
                fail(what + " failed (exit " + exit + "): " + err + out);
            }
            return this;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static Optional<String> unavailable;

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** A fresh namespace {@code hwtest-<random>}; skips or (CI=true) fails when the kernel tests cannot run here. */
    static Netns create() {
        requireKernel();
        byte[] r = new byte[5];
        RANDOM.nextBytes(r);
        String name = "hwtest-" + HexFormat.of().formatHex(r);
        run(List.of("ip", "netns", "add", name), null).orFail("ip netns add " + name);
        return new Netns(name);
    }

    static void requireKernel() {
        Optional<String> reason = probe();
        if (reason.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kernel test cannot run under CI=true: " + reason.get());
            }
            Assumptions.abort("kernel test skipped: " + reason.get());
        }
    }

    private static synchronized Optional<String> probe() {
        if (unavailable == null) {
            unavailable = Optional.ofNullable(findProblem());
        }
        return unavailable;
    }

    private static String findProblem() {
        if (nft().isEmpty()) {
            return "nft is not installed (/usr/sbin/nft)";
        }
        Result id = run(List.of("id", "-u"), null);
        if (!id.ok() || !id.out().strip().equals("0")) {
            return "not running as root (network namespaces and nft need it)";
        }
        String probe = "hwtest-probe-" + ProcessHandle.current().pid();
        Result add = run(List.of("ip", "netns", "add", probe), null);
        if (!add.ok()) {
            return "cannot create a network namespace: " + add.err().strip();
        }
        run(List.of("ip", "netns", "del", probe), null);
        return null;
    }

    static Optional<String> nft() {
        for (String p : List.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code cmd} inside the namespace. */
    Result exec(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return run(full, null);
    }

    /** {@code nft -f} of {@code script} (via a file, as users do). */
    Result load(String script) {
        return nftFile(script, "-f");
    }

    /** {@code nft -c -f}: parse and let the kernel validate, commit nothing. */
    Result check(String script) {
        return nftFile(script, "-c", "-f");
    }

    Result nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of(nft().orElseThrow()));
        cmd.addAll(List.of(args));
        return exec(cmd.toArray(String[]::new));
    }

    String listRuleset() {
        return nft("list", "ruleset").orFail("nft list ruleset").out();
    }

    private Result nftFile(String script, String... flags) {
        try {
            Path f = Files.createTempFile("hostwall-", ".nft");
            try {
                Files.writeString(f, script, StandardCharsets.UTF_8);
                List<String> args = new ArrayList<>(List.of(flags));
                args.add(f.toString());
                return nft(args.toArray(String[]::new));
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name), null);
    }

    static Result run(List<String> cmd, String stdin) {
        try {
            Path out = Files.createTempFile("hwtest-out", ".txt");
            Path err = Files.createTempFile("hwtest-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (stdin != null) {
                    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                p.getOutputStream().close();
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", "timed out: " + cmd);
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }
}

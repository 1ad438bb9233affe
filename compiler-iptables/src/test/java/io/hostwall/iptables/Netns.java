package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway network namespace {@code hwtest-<random>}, so nothing a test loads reaches the host. Tables and
 * ipsets are per namespace. Use with try-with-resources: {@link #close()} deletes the namespace.
 *
 * <p>When root, {@code ip}, iptables-restore, ip6tables-restore or ipset are missing, {@link #create()} skips the
 * test with a one-line reason, except under {@code CI=true}, where it fails: CI must run the kernel tests.
 */
final class Netns implements AutoCloseable {
    record Result(List<String> command, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        Result orFail() {
            if (exit != 0) {
                fail(String.join(" ", command) + " failed (exit " + exit + "):\n" + err + out);
            }
            return this;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TOOLS = List.of("ip", "iptables-restore", "ip6tables-restore", "iptables-save",
            "ip6tables-save", "ipset");
    private static Optional<String> problem;

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    static Netns create() {
        requireKernel();
        byte[] r = new byte[5];
        RANDOM.nextBytes(r);
        String name = "hwtest-" + HexFormat.of().formatHex(r);
        run(null, List.of("ip", "netns", "add", name)).orFail();
        Netns ns = new Netns(name);
        ns.exec("ip", "link", "set", "lo", "up").orFail();
        return ns;
    }

    static void requireKernel() {
        Optional<String> p = probe();
        if (p.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kernel test cannot run under CI=true: " + p.get());
            }
            Assumptions.abort("kernel test skipped: " + p.get());
        }
    }

    private static synchronized Optional<String> probe() {
        if (problem == null) {
            problem = Optional.ofNullable(findProblem());
        }
        return problem;
    }

    private static String findProblem() {
        for (String tool : TOOLS) {
            if (which(tool).isEmpty()) {
                return tool + " is not installed";
            }
        }
        Result id = run(null, List.of("id", "-u"));
        if (!id.ok() || !id.out().strip().equals("0")) {
            return "not running as root (network namespaces and iptables need it)";
        }
        String n = "hwtest-probe" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt()});
        Result add = run(null, List.of("ip", "netns", "add", n));
        if (!add.ok()) {
            return "cannot create a network namespace: " + add.err().strip();
        }
        run(null, List.of("ip", "netns", "del", n));
        return null;
    }

    private static Optional<Path> which(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command} inside the namespace. */
    Result exec(String... command) {
        return pipe(null, command);
    }

    /** Runs {@code command} inside the namespace with {@code stdin} as its input. */
    Result pipe(String stdin, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return run(stdin, full);
    }

    /** iptables-save / ip6tables-save without comment lines and with counters zeroed: comparable text. */
    String save(String tool) {
        StringBuilder b = new StringBuilder();
        for (String line : exec(tool).orFail().out().split("\n")) {
            if (!line.startsWith("#")) {
                b.append(line.replaceAll("\\[\\d+:\\d+]", "[0:0]")).append('\n');
            }
        }
        return b.toString();
    }

    static Result run(String stdin, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(command, -1, "", "timed out");
            }
            return new Result(command, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(command, -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "", "interrupted");
        }
    }

    private static CompletableFuture<String> read(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Override
    public void close() {
        run(null, List.of("ip", "netns", "del", name));
    }
}

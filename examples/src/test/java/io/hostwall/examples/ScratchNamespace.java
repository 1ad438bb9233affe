package io.hostwall.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network namespace for loading rulesets, so the host's own ruleset is never touched. Without root
 * or the tools the caller's test is skipped, except under CI ({@code CI=true}), where that is a failure.
 */
final class ScratchNamespace implements AutoCloseable {
    final String name;

    private ScratchNamespace(String name) {
        this.name = name;
    }

    static ScratchNamespace create(String... tools) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            if (!Files.isExecutable(Path.of("/usr/sbin", t)) && !Files.isExecutable(Path.of("/usr/bin", t))
                    && !Files.isExecutable(Path.of("/sbin", t))) {
                missing.add(t);
            }
        }
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "not root";
        } else if (!missing.isEmpty()) {
            why = "missing tools " + missing;
        }
        String name = "hw-golden-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
        if (why == null && run(List.of("ip", "netns", "add", name), "").exit() != 0) {
            why = "cannot create a network namespace";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("kernel check required under CI but impossible: " + why);
            }
            Assumptions.abort("kernel check skipped: " + why);
        }
        return new ScratchNamespace(name);
    }

    /** Runs {@code command} inside the namespace with {@code stdin}. */
    Result exec(String stdin, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return run(cmd, stdin);
    }

    record Result(int exit, String output) {}

    static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name), "");
    }
}

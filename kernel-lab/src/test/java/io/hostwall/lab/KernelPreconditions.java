package io.hostwall.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * The lab needs root, network namespaces and the kernel tools. Where they are missing the kernel tests are
 * skipped with a one-line reason, except under CI ({@code CI=true}), where a skipped proof would pass silently:
 * there it is a failure.
 */
final class KernelPreconditions {
    static final List<String> TOOLS =
            List.of("ip", "nft", "iptables-restore", "ip6tables-restore", "iptables-save", "ip6tables-save", "ipset",
                    "conntrack", "ping");

    private KernelPreconditions() {}

    /** Returns normally when the lab can run; otherwise aborts (skips) or, under CI, fails the calling test. */
    static void require() {
        skipReason().ifPresent(why -> {
            throw new TestAbortedException(why);
        });
    }

    /**
     * Why kernel tests must be skipped, or empty when the lab can run.
     *
     * @throws AssertionError under CI, where a kernel test that cannot run is a failure, not a skip
     */
    static java.util.Optional<String> skipReason() {
        String why = missing();
        if (why == null) {
            return java.util.Optional.empty();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("kernel lab required under CI=true but impossible: " + why);
        }
        // Printed as well: a skipped container shows in surefire's counts, but not why.
        System.out.println("[lab] kernel lab skipped: " + why);
        return java.util.Optional.of("kernel lab skipped: " + why);
    }

    private static String missing() {
        // Lets the skip (and CI failure) path itself be exercised on a machine that could run the lab.
        String simulated = System.getProperty("hostwall.lab.simulateUnavailable");
        if (simulated != null) {
            return simulated + " (simulated)";
        }
        try {
            Cmd.Result id = Cmd.run("id", "-u");
            if (!id.ok() || !id.out().trim().equals("0")) {
                return "not root";
            }
        } catch (RuntimeException e) {
            return "cannot run id: " + e.getMessage();
        }
        List<String> absent = new ArrayList<>();
        for (String tool : TOOLS) {
            if (List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                    .noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                absent.add(tool);
            }
        }
        if (!absent.isEmpty()) {
            return "missing tools " + absent;
        }
        String probe = "hwlab-check-" + ProcessHandle.current().pid();
        Cmd.Result add = Cmd.run("ip", "netns", "add", probe);
        if (!add.ok()) {
            return "cannot create network namespaces (" + add.err().trim() + ")";
        }
        Cmd.Result nft = Cmd.run("ip", "netns", "exec", probe, "nft", "list", "ruleset");
        Cmd.run("ip", "netns", "del", probe);
        if (!nft.ok()) {
            return "nft does not work in a network namespace (" + nft.err().trim() + ")";
        }
        return null;
    }
}

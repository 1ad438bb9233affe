package io.hostwall.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes namespaces that an earlier, killed run left behind. A lab writes an owner file (pid and start time of
 * its JVM) before it creates anything; a namespace is stale when that owner is no longer running. Namespaces of
 * other modules' tests (other prefixes) and of concurrent live runs are never touched.
 */
final class LeftoverSweeper {
    static final Path OWNERS = Path.of("/run/hostwall-lab");
    private static final Pattern OURS = Pattern.compile("hwlab-([a-z0-9]{6})-[a-z0-9]+");

    private LeftoverSweeper() {}

    static void claim(String suffix) {
        try {
            Files.createDirectories(OWNERS);
            Files.writeString(OWNERS.resolve(suffix), ownerId(ProcessHandle.current()).orElse("?"));
        } catch (IOException e) {
            throw new LabException("cannot write the lab owner file", e);
        }
    }

    static void release(String suffix) {
        try {
            Files.deleteIfExists(OWNERS.resolve(suffix));
        } catch (IOException e) {
            // Harmless: a later sweep sees the owner is gone and removes nothing that still exists.
        }
    }

    static void sweep() {
        Cmd.Result list = Cmd.run("ip", "netns", "list");
        for (String line : list.out().split("\n")) {
            String name = line.split(" ")[0].trim();
            Matcher m = OURS.matcher(name);
            if (m.matches() && !ownerAlive(m.group(1))) {
                Cmd.run("ip", "netns", "del", name);
                release(m.group(1));
            }
        }
    }

    private static boolean ownerAlive(String suffix) {
        try {
            String owner = Files.readString(OWNERS.resolve(suffix), StandardCharsets.UTF_8).trim();
            long pid = Long.parseLong(owner.split(" ")[0]);
            return ProcessHandle.of(pid).flatMap(LeftoverSweeper::ownerId).map(owner::equals).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Pid plus start time, so a recycled pid does not keep a dead run's namespaces alive. */
    private static Optional<String> ownerId(ProcessHandle p) {
        return p.info().startInstant().map(t -> p.pid() + " " + t.toEpochMilli());
    }
}

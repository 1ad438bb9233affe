package io.hostwall.nftables;

import io.hostwall.ir.testing.ScratchNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A scratch namespace with the nft verbs these tests use; skips like {@link ScratchNetns} when nft is missing. */
final class NftNetns extends ScratchNetns {
    private NftNetns() {
        super("nft");
    }

    static NftNetns create() {
        return new NftNetns();
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
        List<String> cmd = new ArrayList<>(List.of(which("nft").orElseThrow().toString()));
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
            throw new UncheckedIOException(e);
        }
    }
}

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

    /** {@code nft -j -f} of a libnftables JSON document. */
    Result loadJson(String json) {
        return nftFile(json, "-j", "-f");
    }

    /** {@code nft -j -c -f}: parse the JSON and let the kernel validate, commit nothing. */
    Result checkJson(String json) {
        return nftFile(json, "-j", "-c", "-f");
    }

    /**
     * {@code nft -j list table inet <name>} with every {@code "handle": N} removed: handles number objects in the
     * order they were created, which differs between a script (sets, then chains) and a JSON document (chains
     * first); nothing else about the table depends on how it was loaded.
     */
    String listTableJsonWithoutHandles(String table) {
        String listed = nft("-j", "list", "table", "inet", table).orFail("nft -j list table").out();
        return listed.replaceAll(", \"handle\": \\d+", "").replaceAll("\"handle\": \\d+, ", "").strip();
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

package io.hostwall.cli;

import io.hostwall.dataplane.Dataplane;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --backend}, {@code --table} and {@code --state-dir}: which of hostwall's rulesets in the kernel is meant. */
final class DataplaneFlags {
    /** Where state files live unless {@code --state-dir} says otherwise: gone at reboot, like the rules. */
    static final String DEFAULT_STATE_DIR = "/run/hostwall";

    @Option(names = "--backend", required = true, paramLabel = "nftables|iptables",
            description = "Which kernel interface to write: nftables (one nft transaction) or iptables (ipset and"
                    + " iptables-restore/ip6tables-restore).")
    String backend;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = RenderOptions.DEFAULT_TABLE,
            description = "nftables table name, and the owner tag of hostwall's iptables hook rules"
                    + " (default ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "Where to keep what was last written, one file per network namespace, backend and table"
                    + " (default ${DEFAULT-VALUE}).")
    Path stateDir;

    /** The backend named by {@code --backend}. */
    Backend backend() {
        return Backends.named(backend).orElseThrow(() -> new UserInputException("--backend must be one of "
                + String.join(", ", Backends.all().keySet()) + ", not " + Quote.of(backend)));
    }

    /** The render options of {@code --table}. */
    RenderOptions renderOptions() {
        try {
            return new RenderOptions(table, false);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--table: " + e.getMessage());
        }
    }

    /** The backend's dataplane in this network namespace. */
    Dataplane dataplane() {
        return Dataplanes.of(backend(), renderOptions());
    }

    /** This namespace's state file for the backend and table. */
    StateFile stateFile() {
        return StateFile.of(stateDir, backend().name(), renderOptions().tableName());
    }
}

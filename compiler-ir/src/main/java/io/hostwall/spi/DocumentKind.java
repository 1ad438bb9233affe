package io.hostwall.spi;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * A kind of document a {@link Backend} renders: what it is for, the file suffix it is written with and the tool
 * that loads it. Each kind has one meaning whichever backend renders it.
 */
public enum DocumentKind {
    /** An nft script for {@code nft -f}: the whole table, both families, one transaction. */
    NFT("nft", "nft", "-f", "-"),
    /**
     * The same table as {@link #NFT} in libnftables JSON ({@code man 5 libnftables-json}), for {@code nft -j -f}
     * and for tools that read the ruleset as data. Rendered only when asked for (see
     * {@link Backend#render(io.hostwall.ir.Ruleset, RenderOptions, java.util.Set)}).
     */
    NFT_JSON("nft.json", "nft", "-j", "-f", "-"),
    /** An {@code iptables-restore} document: the IPv4 raw, mangle and filter tables. */
    IPTABLES("iptables", "iptables-restore"),
    /** An {@code ip6tables-restore} document: the IPv6 raw, mangle and filter tables. */
    IP6TABLES("ip6tables", "ip6tables-restore"),
    /** An {@code ipset restore} document: the sets the iptables documents use, loaded before them. */
    IPSET("ipset", "ipset", "restore");

    private final String suffix;
    private final ImmutableList<String> loadCommand;

    DocumentKind(String suffix, String... loadCommand) {
        this.suffix = suffix;
        this.loadCommand = ImmutableList.copyOf(loadCommand);
    }

    /**
     * The file suffix (without the dot), which is also the name users select the kind by.
     *
     * @return e.g. {@code nft}, {@code ip6tables}
     */
    public String suffix() {
        return suffix;
    }

    /**
     * The executable that loads this kind of document.
     *
     * @return e.g. {@code nft}, {@code iptables-restore}
     */
    public String tool() {
        return loadCommand.get(0);
    }

    /**
     * The command line that loads a document of this kind read from standard input.
     *
     * @return the tool followed by its arguments, e.g. {@code [ipset, restore]}
     */
    public ImmutableList<String> loadCommand() {
        return loadCommand;
    }

    /**
     * The kind whose {@link #suffix()} is {@code suffix}.
     *
     * @param suffix a suffix such as {@code iptables}; case matters, as in file names
     * @return the kind, or empty when no kind has that suffix
     */
    public static Optional<DocumentKind> ofSuffix(String suffix) {
        for (DocumentKind k : values()) {
            if (k.suffix.equals(suffix)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The suffix: the name of the kind in file names, flags and messages. */
    @Override
    public String toString() {
        return suffix;
    }
}

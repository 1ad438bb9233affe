/**
 * The nftables backend: renders the IR as one {@code inet} table for {@code nft -f}.
 *
 * @provides io.hostwall.spi.Backend {@link io.hostwall.nftables.NftablesBackend}, named {@code nftables}
 */
module io.hostwall.nftables {
    requires transitive io.hostwall.ir;
    requires com.google.common;

    exports io.hostwall.nftables;

    provides io.hostwall.spi.Backend with io.hostwall.nftables.NftablesBackend;
}

/**
 * The iptables backend: renders the IR as {@code iptables-restore} / {@code ip6tables-restore} and
 * {@code ipset restore} documents, and plans applying them beside other writers of the same tables.
 *
 * @provides io.hostwall.spi.Backend {@link io.hostwall.iptables.IptablesBackend}, named {@code iptables}
 */
module io.hostwall.iptables {
    requires transitive io.hostwall.ir;
    requires com.google.common;

    exports io.hostwall.iptables;

    provides io.hostwall.spi.Backend with io.hostwall.iptables.IptablesBackend;
}

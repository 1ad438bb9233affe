/**
 * The backend-neutral ruleset ({@link io.hostwall.ir}), the network value types it needs ({@link io.hostwall.net})
 * and the backend SPI ({@link io.hostwall.spi}). A backend needs this module and Guava, nothing else of hostwall.
 *
 * @uses io.hostwall.spi.Backend the backends found by {@link io.hostwall.spi.Backends}
 */
module io.hostwall.ir {
    requires transitive com.google.common;

    exports io.hostwall.ir;
    exports io.hostwall.net;
    exports io.hostwall.spi;
    exports io.hostwall.dataplane;

    uses io.hostwall.spi.Backend;
}

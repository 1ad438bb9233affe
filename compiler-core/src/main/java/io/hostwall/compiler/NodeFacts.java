package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.model.Names;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one node says about itself: its interfaces and the addresses each holds. A host endpoint that names no
 * interface but lists {@code expectedIPs} polices every interface holding one of those addresses, so the compiler
 * needs the facts of the very node it compiles; they are passed with each compile, never shared between nodes.
 *
 * <pre>{@code
 * NodeFacts facts = NodeFacts.builder().addInterface("eth0", "10.240.0.11", "fd00::11").build();
 * }</pre>
 *
 * @param interfaces interface name → its addresses, sorted by name; names follow Calico's interface rule
 *     (1-15 letters, digits, {@code _ . -}); an interface may hold no address
 */
public record NodeFacts(ImmutableSortedMap<String, ImmutableList<InetAddress>> interfaces) {
    private static final NodeFacts NONE = new NodeFacts(ImmutableSortedMap.of());

    /**
     * Checks the interface names.
     *
     * @throws IllegalArgumentException when an interface name is not one Calico accepts (or is {@code *})
     *
     * @param interfaces interface name → its addresses, sorted by name; names follow Calico's interface rule
     *         (1-15 letters, digits, {@code _ . -}); an interface may hold no address
     */
    public NodeFacts {
        Objects.requireNonNull(interfaces, "interfaces");
        interfaces.forEach((name, addresses) -> {
            checkInterfaceName(name);
            addresses.forEach(a -> Objects.requireNonNull(a, "address of " + name));
        });
    }

    /**
     * No facts: only host endpoints with an {@code interfaceName} bind.
     *
     * @return the empty facts
     */
    public static NodeFacts none() {
        return NONE;
    }

    /**
     * Starts empty facts.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The addresses of one interface.
     *
     * @param iface an interface name
     * @return its addresses; empty when the interface is not known
     */
    public ImmutableList<InetAddress> addresses(String iface) {
        return interfaces.getOrDefault(iface, ImmutableList.of());
    }

    /**
     * Whether no interface is known.
     *
     * @return true for {@link #none()} and its equals
     */
    public boolean isEmpty() {
        return interfaces.isEmpty();
    }

    /**
     * A builder holding these facts, to add to them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        interfaces.forEach(b::addInterface);
        return b;
    }

    private static void checkInterfaceName(String name) {
        if (!Names.isInterfaceName(name)) {
            throw new IllegalArgumentException(Names.quote(name) + " is not a valid interface name: use 1-15"
                    + " characters of letters, digits, '_', '.' and '-'");
        }
    }

    /** Collects interfaces and addresses; an interface added twice holds the addresses of both calls, in order. */
    public static final class Builder {
        private final Map<String, List<InetAddress>> interfaces = new TreeMap<>();

        private Builder() {}

        /**
         * Adds an interface and addresses it holds.
         *
         * @param iface the interface name, e.g. {@code eth0}
         * @param addresses literal IPv4 or IPv6 addresses (no host names, no prefix length)
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid interface name or an address is not a
         *     literal IP address
         */
        public Builder addInterface(String iface, String... addresses) {
            List<InetAddress> parsed = new ArrayList<>();
            for (String a : addresses) {
                Objects.requireNonNull(a, "address");
                parsed.add(Cidr.parseAddress(a).orElseThrow(() -> new IllegalArgumentException(
                        "interface " + iface + ": not an IP address: " + Names.quote(a))));
            }
            return addInterface(iface, parsed);
        }

        /**
         * Adds an interface and addresses it holds.
         *
         * @param iface the interface name, e.g. {@code eth0}
         * @param addresses its addresses
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid interface name
         */
        public Builder addInterface(String iface, Collection<? extends InetAddress> addresses) {
            Objects.requireNonNull(iface, "iface");
            checkInterfaceName(iface);
            List<InetAddress> held = interfaces.computeIfAbsent(iface, k -> new ArrayList<>());
            for (InetAddress a : addresses) {
                held.add(Objects.requireNonNull(a, "address"));
            }
            return this;
        }

        /**
         * The facts collected so far.
         *
         * @return immutable facts
         */
        public NodeFacts build() {
            ImmutableSortedMap.Builder<String, ImmutableList<InetAddress>> b = ImmutableSortedMap.naturalOrder();
            interfaces.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
            return new NodeFacts(b.build());
        }
    }
}

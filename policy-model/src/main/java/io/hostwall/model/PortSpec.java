package io.hostwall.model;

import io.hostwall.net.PortRange;

/** One entry of a rule's {@code ports}/{@code notPorts}: a number, a range, or a named port. */
public sealed interface PortSpec permits PortSpec.Numeric, PortSpec.NamedPort {

    /**
     * A single port.
     *
     * @param port the port, 1..65535
     * @return the entry
     * @throws IllegalArgumentException if the port is outside 1..65535
     */
    static PortSpec port(int port) {
        return new Numeric(PortRange.single(port));
    }

    /**
     * A port range, {@code first..last} inclusive.
     *
     * @param first the first port
     * @param last the last port
     * @return the entry
     * @throws IllegalArgumentException if the range is empty or outside 1..65535
     */
    static PortSpec range(int first, int last) {
        return new Numeric(new PortRange(first, last));
    }

    /**
     * A port number or range, 1..65535.
     *
     * @param range the ports
     */
    record Numeric(PortRange range) implements PortSpec {
        /**
         * Checks that the range is present.
         *
         * @param range the ports
         */
        public Numeric {
            java.util.Objects.requireNonNull(range, "range");
        }

        @Override
        public String toString() {
            return range.toString();
        }
    }

    /**
     * A port named in the {@code ports} list of host endpoints.
     *
     * @param name the port's name
     */
    record NamedPort(String name) implements PortSpec {
        /**
         * Checks that the name is present.
         *
         * @param name the port's name
         */
        public NamedPort {
            java.util.Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

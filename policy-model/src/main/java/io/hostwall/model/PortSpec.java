package io.hostwall.model;

import io.hostwall.net.PortRange;

/** One entry of a rule's {@code ports}/{@code notPorts}: a number, a range, or a named port. */
public sealed interface PortSpec permits PortSpec.Numeric, PortSpec.NamedPort {

    /** A single port. */
    static PortSpec port(int port) {
        return new Numeric(PortRange.single(port));
    }

    /** {@code first..last} inclusive. */
    static PortSpec range(int first, int last) {
        return new Numeric(new PortRange(first, last));
    }

    /** A port number or range, 1..65535. */
    record Numeric(PortRange range) implements PortSpec {
        public Numeric {
            java.util.Objects.requireNonNull(range, "range");
        }

        @Override
        public String toString() {
            return range.toString();
        }
    }

    /** A port named in the {@code ports} list of host endpoints. */
    record NamedPort(String name) implements PortSpec {
        public NamedPort {
            java.util.Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

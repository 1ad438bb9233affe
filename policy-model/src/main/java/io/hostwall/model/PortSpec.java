package io.hostwall.model;

/** One entry of a rule's {@code ports}/{@code notPorts}: a number, a range, or a named port. */
public sealed interface PortSpec permits PortSpec.PortRange, PortSpec.NamedPort {

    /** {@code first..last} inclusive, 1..65535; a single port has {@code first == last}. */
    record PortRange(int first, int last) implements PortSpec {
        public PortRange {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("bad port range " + first + ":" + last);
            }
        }

        public static PortRange single(int port) {
            return new PortRange(port, port);
        }

        public boolean contains(int port) {
            return port >= first && port <= last;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + ":" + last;
        }
    }

    /** A port named in the {@code ports} list of host endpoints. */
    record NamedPort(String name) implements PortSpec {
        @Override
        public String toString() {
            return name;
        }
    }
}

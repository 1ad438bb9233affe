package io.hostwall.net;

/**
 * {@code first..last} inclusive, 1..65535; a single port has {@code first == last}.
 *
 * @param first the first port of the range
 * @param last the last port of the range
 */
public record PortRange(int first, int last) {
    /**
     * Checks the range.
     *
     * @param first the first port, at least 1
     * @param last the last port, at most 65535
     * @throws IllegalArgumentException if the range is empty or outside 1..65535
     */
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + ":" + last);
        }
    }

    /**
     * A one-port range.
     *
     * @param port the port, 1..65535
     * @return the range {@code port..port}
     */
    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /**
     * Whether a port is in the range.
     *
     * @param port the port
     * @return true when {@code first <= port <= last}
     */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + ":" + last;
    }
}

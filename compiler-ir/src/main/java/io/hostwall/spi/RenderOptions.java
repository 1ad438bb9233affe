package io.hostwall.spi;

import java.util.Objects;

/**
 * Options for rendering. {@code tableName} names the nftables table ({@code inet hostwall} by default);
 * {@code counters} adds a packet counter to every rule (nftables) where the dialect supports it.
 */
public record RenderOptions(String tableName, boolean counters) {

    /** The table name of {@link #defaults()}. */
    public static final String DEFAULT_TABLE = "hostwall";

    /**
     * Checks the table name.
     *
     * @param tableName the table name, {@code [A-Za-z][A-Za-z0-9_-]{0,63}}
     * @param counters whether rules count packets
     * @throws IllegalArgumentException if the table name does not match
     */
    public RenderOptions {
        Objects.requireNonNull(tableName, "tableName");
        if (!tableName.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
            // Cut and escaped: the name comes from a user, and a message must stay one short line.
            String shown = (tableName.length() > 80 ? tableName.substring(0, 80) + "..." : tableName)
                    .chars().mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c))
                    .collect(java.util.stream.Collectors.joining());
            throw new IllegalArgumentException("table name must match [A-Za-z][A-Za-z0-9_-]{0,63}: \"" + shown + "\"");
        }
    }

    /** {@return table {@value #DEFAULT_TABLE}, no counters} */
    public static RenderOptions defaults() {
        return new RenderOptions(DEFAULT_TABLE, false);
    }
}

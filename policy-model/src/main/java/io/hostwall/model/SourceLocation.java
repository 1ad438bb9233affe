package io.hostwall.model;

import java.util.Objects;

/**
 * Where a resource (or a field of it) was read from: a file name (or a caller-chosen source name for
 * strings and streams) and a 1-based line number. Prints as {@code policies.yaml:14}.
 */
public record SourceLocation(String source, int line) {
    /**
     * Checks the line number.
     *
     * @param source the file or source name
     * @param line the 1-based line
     * @throws IllegalArgumentException if {@code line} is below 1
     */
    public SourceLocation {
        Objects.requireNonNull(source, "source");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
    }

    @Override
    public String toString() {
        return source + ":" + line;
    }
}

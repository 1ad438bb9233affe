package io.hostwall.compiler.diff;

import java.util.Locale;

/** What happened to a thing between the old and the new ruleset. */
public enum Change {
    /** Only the new side has it. */
    ADDED('+'),
    /** Only the old side has it. */
    REMOVED('-'),
    /** Both sides have it, and they differ. */
    CHANGED('~');

    private final char mark;

    Change(char mark) {
        this.mark = mark;
    }

    /**
     * The character text output puts in front of a line: {@code +}, {@code -} or {@code ~}.
     *
     * @return the mark
     */
    public char mark() {
        return mark;
    }

    /**
     * The word the JSON output uses.
     *
     * @return {@code added}, {@code removed} or {@code changed}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.hostwall.selector;

/**
 * A selector string is not in Calico's selector language.
 *
 * <p>This is the only exception {@link Selector#parse(String)} throws for a non-null input. It is
 * unchecked because selectors usually come from validated manifests or from literals in code;
 * callers that handle user input catch it (it is an {@link IllegalArgumentException}, so generic
 * argument validation catches it too).
 *
 * <p>The message says what was expected where, e.g. {@code expected a quoted value after '==' at
 * offset 14}. {@link #position()} is the same offset as a number.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The offset of the problem; see {@link #position()}. */
    private final int position;

    /**
     * @param message  a complete, human-readable message that already names the offset
     * @param position 0-based index into the input string (a {@code char} index, as for
     *                 {@link String#charAt}); the input's length when the problem is its end
     */
    public SelectorSyntaxException(String message, int position) {
        super(message);
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        this.position = position;
    }

    /**
     * Where the problem was found.
     *
     * @return 0-based {@code char} offset into the parsed string
     */
    public int position() {
        return position;
    }
}

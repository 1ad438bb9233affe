package io.hostwall.iptables;

import java.util.Arrays;

/**
 * Strings to be concatenated once into a document. {@code String.join} sums their lengths and copies each
 * character once into the result, where a {@code StringBuilder} copies every character twice (into its buffer,
 * then into the string {@code toString} makes) and needs a guessed capacity; the documents are megabytes, so that
 * second copy was a third of rendering's allocation. Pieces are references to strings that exist anyway (rule
 * lines, chain names, constants), so collecting them costs a few bytes per piece.
 */
final class TextPieces {
    private String[] pieces;
    private int size;

    /** @param expected how many pieces will be added (more only grow the array) */
    TextPieces(int expected) {
        pieces = new String[Math.max(expected, 8)];
    }

    void add(String piece) {
        if (size == pieces.length) {
            pieces = Arrays.copyOf(pieces, size * 2);
        }
        pieces[size++] = piece;
    }

    /** {@return the pieces, concatenated in the order they were added} */
    String join() {
        return String.join("", size == pieces.length ? pieces : Arrays.copyOf(pieces, size));
    }
}

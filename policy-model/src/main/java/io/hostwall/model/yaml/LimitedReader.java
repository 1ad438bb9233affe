package io.hostwall.model.yaml;

import io.hostwall.model.manifest.ManifestLimits;
import java.io.IOException;
import java.io.Reader;

/**
 * The reader between a source and the YAML/JSON parser: counts what the parser reads and stops it, with a located
 * {@link LimitExceededException}, as soon as a limit of {@link ManifestLimits} is crossed, so that no parser ever
 * builds a string or a token larger than the limits. Also drops a leading byte-order mark and counts lines, so a
 * problem met while reading (a limit, invalid UTF-8) can name the line where reading stopped.
 */
final class LimitedReader extends Reader {
    /** Raised through the parser when a limit is crossed; the reader's caller turns it into a problem. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;

        LimitExceededException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final Reader in;
    private final boolean yaml;
    private final LoadBudget budget;
    private final long maxSourceBytes;
    private long sourceBytes;
    private long documentBytes;
    private int word;
    private int line = 1;
    private boolean first = true;

    LimitedReader(Reader in, boolean yaml, LoadBudget budget, long maxSourceBytes) {
        this.in = in;
        this.yaml = yaml;
        this.budget = budget;
        this.maxSourceBytes = maxSourceBytes;
    }

    /** The line of the last character handed to the parser (the parser reads ahead of the token it reports). */
    int line() {
        return line;
    }

    /**
     * A document has ended: what is read from now on belongs to the next one. The parser may already have read a
     * little of it, which is then not counted: the limit can be exceeded by a read-ahead, never hit early.
     */
    void documentEnded() {
        documentBytes = 0;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n <= 0) {
            return n;
        }
        int start = offset;
        if (first) {
            first = false;
            if (buffer[offset] == '\uFEFF') {
                // Strict UTF-8 allows a byte-order mark; it is not part of the text.
                start++;
                System.arraycopy(buffer, start, buffer, offset, n - 1);
                n--;
                start = offset;
                if (n == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        long bytes = 0;
        for (int i = start; i < offset + n; i++) {
            char c = buffer[i];
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            if (c == '\n') {
                line++;
                word = 0;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                word = 0;
            } else if (yaml && ++word > ManifestLimits.MAX_YAML_WORD_CHARS) {
                throw new LimitExceededException(line, "more than " + ManifestLimits.MAX_YAML_WORD_CHARS
                        + " characters without a space or line break; no value hostwall reads is that long");
            }
        }
        sourceBytes += bytes;
        documentBytes += bytes;
        budget.bytes += bytes;
        if (sourceBytes > maxSourceBytes) {
            throw new LimitExceededException(line, "the source is larger than "
                    + ManifestLimits.bytes(maxSourceBytes) + "; split it into several files");
        }
        if (budget.bytes > budget.maxBytes()) {
            throw new LimitExceededException(line, "the sources of one load are larger than "
                    + ManifestLimits.bytes(budget.maxBytes()) + " together");
        }
        if (documentBytes > ManifestLimits.MAX_DOCUMENT_BYTES) {
            throw new LimitExceededException(line, "the document is larger than "
                    + ManifestLimits.bytes(ManifestLimits.MAX_DOCUMENT_BYTES) + " (reading stopped here); split it"
                    + " into several documents");
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

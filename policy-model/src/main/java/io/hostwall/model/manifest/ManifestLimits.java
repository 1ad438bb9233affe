package io.hostwall.model.manifest;

/**
 * The limits the loader enforces on its input, each with a located problem (see policy-model/README.md, "Limits").
 * They are checked while the text is read, before a parser builds anything large: hostile input is refused after
 * reading at most a few KiB past a limit, in time and memory proportional to the limit, not to the input.
 */
public final class ManifestLimits {
    /** Bytes in one file or stream; a larger file is refused without being read. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** Bytes in all sources of one load together. */
    public static final long MAX_LOAD_BYTES = 256L << 20;
    /**
     * Bytes in one YAML/JSON document (a resource or a list): 3 MiB, Kubernetes' limit on a request body. Enforced
     * to within the parser's read-ahead (4 KiB): a document is never refused below the limit.
     */
    public static final int MAX_DOCUMENT_BYTES = 3 << 20;
    /**
     * Characters in one word of YAML (a run without a space, tab or line break): 256 KiB, the most any valid value
     * can need (annotations total 256 KiB). SnakeYAML's time grows with the square of a word's length.
     */
    public static final int MAX_YAML_WORD_CHARS = 256 << 10;
    /** Documents in one load (all sources; empty documents are not counted). */
    public static final int MAX_DOCUMENTS = 200_000;
    /** Resources in one load (documents and the items of lists): the largest cluster hostwall reads. */
    public static final int MAX_RESOURCES = 200_000;
    /** Levels of nested mappings and lists in one document (a resource needs fewer than 10). */
    public static final int MAX_NESTING = 64;
    /** Characters in one JSON number. */
    public static final int MAX_NUMBER_CHARS = 100;

    private ManifestLimits() {}

    /**
     * A byte count as people read it: {@code 3 MiB}, {@code 256 KiB}, {@code 12 bytes}.
     *
     * @param bytes a count of bytes
     * @return the count in the largest binary unit that divides it, or in bytes
     */
    public static String bytes(long bytes) {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= (1 << 10) && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}

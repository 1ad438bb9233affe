package io.hostwall.compiler.diff;

import io.hostwall.spi.DocumentKind;
import java.util.Objects;

/**
 * The unified diff of one rendered document (an nft script, an iptables-restore document, ...) of a node.
 *
 * @param backend the backend's name, e.g. {@code nftables}
 * @param kind which of its documents
 * @param unifiedDiff the diff, {@code --- old/NODE.SUFFIX} / {@code +++ new/NODE.SUFFIX} then hunks; a document only
 *     one side renders (e.g. an ipset document once a set appears) is diffed against the empty text
 */
public record DocumentDiff(String backend, DocumentKind kind, String unifiedDiff) {

    /**
     * Checks for null.
     *
     * @param backend the backend's name, e.g. {@code nftables}
     * @param kind which of its documents
     * @param unifiedDiff the diff, {@code --- old/NODE.SUFFIX} / {@code +++ new/NODE.SUFFIX} then hunks; a document only
     *     one side renders (e.g. an ipset document once a set appears) is diffed against the empty text
     */
    public DocumentDiff {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unifiedDiff, "unifiedDiff");
    }
}

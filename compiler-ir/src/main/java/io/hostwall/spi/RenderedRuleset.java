package io.hostwall.spi;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The documents a backend produced, by kind, in {@link DocumentKind} order. A backend may leave out a kind it
 * declares when the ruleset needs none of it (the iptables backend writes {@link DocumentKind#IPSET} only when
 * the ruleset has sets).
 *
 * @param documents the documents by kind
 */
public record RenderedRuleset(ImmutableSortedMap<DocumentKind, String> documents) {

    /**
     * Checks that no document is null.
     *
     * @param documents the documents by kind
     */
    public RenderedRuleset {
        Objects.requireNonNull(documents, "documents");
    }

    /**
     * The documents, copied in {@link DocumentKind} order.
     *
     * @param documents the documents by kind
     * @return the rendered ruleset
     */
    public static RenderedRuleset of(Map<DocumentKind, String> documents) {
        return new RenderedRuleset(ImmutableSortedMap.copyOf(documents));
    }

    /**
     * One document.
     *
     * @param kind the kind of document
     * @return the document, or empty when the backend produced none of that kind
     */
    public Optional<String> document(DocumentKind kind) {
        return Optional.ofNullable(documents.get(kind));
    }

    /**
     * One document that must be there.
     *
     * @param kind the kind of document
     * @return the document
     * @throws IllegalArgumentException when the backend produced none of that kind
     */
    public String require(DocumentKind kind) {
        String doc = documents.get(kind);
        if (doc == null) {
            throw new IllegalArgumentException("no " + kind + " document (there are: " + documents.keySet() + ")");
        }
        return doc;
    }
}

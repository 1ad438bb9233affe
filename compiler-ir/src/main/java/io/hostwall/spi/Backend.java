package io.hostwall.spi;

import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;

/**
 * Renders a compiled {@link Ruleset} into the documents a kernel tool loads. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.hostwall.spi.Backend}); a backend owns
 * only syntax and dialect limits and never re-decides policy.
 */
public interface Backend {

    /**
     * The name users select it by.
     *
     * @return e.g. {@code nftables}, {@code iptables}
     */
    String name();

    /**
     * The kinds of document this backend renders; {@link #render} produces no other kind.
     *
     * @return the kinds, never empty
     */
    ImmutableSet<DocumentKind> documentKinds();

    /**
     * The document that holds the rules for packets of {@code family}: what a user who asks for "the ruleset" of
     * one family wants to see. Always one of {@link #documentKinds()} and always rendered.
     *
     * @param family the IP family
     * @return e.g. {@link DocumentKind#NFT} for both families, or {@link DocumentKind#IP6TABLES} for V6
     */
    DocumentKind mainDocument(IpFamily family);

    /**
     * Renders the ruleset. The same ruleset and options always give byte-identical documents. Never fails for a
     * ruleset the compiler produced.
     *
     * @param ruleset the ruleset
     * @param options how to render it
     * @return the documents, of the kinds in {@link #documentKinds()}
     * @throws IllegalArgumentException for a ruleset this backend cannot express
     */
    RenderedRuleset render(Ruleset ruleset, RenderOptions options);
}

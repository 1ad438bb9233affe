package io.hostwall.spi;

import io.hostwall.ir.Ruleset;

/**
 * Renders a compiled {@link Ruleset} into the documents a kernel tool loads. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.hostwall.spi.Backend}); a backend owns
 * only syntax and dialect limits and never re-decides policy.
 */
public interface Backend {

    /** {@return the name users select it by, e.g. {@code nftables}, {@code iptables}} */
    String name();

    /**
     * Renders the ruleset. The same ruleset and options always give byte-identical documents. Never fails for a
     * ruleset the compiler produced.
     *
     * @param ruleset the compiled ruleset
     * @param options the table name and counters
     * @return the documents, by kind
     * @throws IllegalArgumentException for a ruleset the backend cannot express exactly
     */
    RenderedRuleset render(Ruleset ruleset, RenderOptions options);
}

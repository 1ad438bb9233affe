package io.hostwall.spi;

import io.hostwall.ir.Ruleset;

/**
 * Renders a compiled {@link Ruleset} into the documents a kernel tool loads. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.hostwall.spi.Backend}); a backend owns
 * only syntax and dialect limits and never re-decides policy.
 */
public interface Backend {

    /** The name users select it by, e.g. {@code nftables}, {@code iptables}. */
    String name();

    /**
     * Renders the ruleset. The same ruleset and options always give byte-identical documents. Never fails for a
     * ruleset the compiler produced; throws {@link IllegalArgumentException} for one it cannot express.
     */
    RenderedRuleset render(Ruleset ruleset, RenderOptions options);
}

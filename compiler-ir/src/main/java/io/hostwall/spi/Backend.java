package io.hostwall.spi;

import com.google.common.collect.ImmutableSet;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * @return the documents, of the kinds in {@link #documentKinds()}; a kind that is only another format of a
     *     document already rendered ({@link DocumentKind#NFT_JSON}) is left out, see {@link #render(Ruleset,
     *     RenderOptions, Set)}
     * @throws IllegalArgumentException for a ruleset this backend cannot express
     */
    RenderedRuleset render(Ruleset ruleset, RenderOptions options);

    /**
     * Renders only the documents of {@code kinds}, including those {@link #render(Ruleset, RenderOptions)} leaves
     * out. The default renders everything and keeps what was asked for; a backend with a kind that the two-argument
     * render leaves out overrides this. Like that method, it may leave out a kind the ruleset needs none of.
     *
     * @param ruleset the ruleset
     * @param options how to render it
     * @param kinds the kinds wanted, each one of {@link #documentKinds()}
     * @return the documents of those kinds
     * @throws IllegalArgumentException for a kind this backend does not render, or a ruleset it cannot express
     */
    default RenderedRuleset render(Ruleset ruleset, RenderOptions options, Set<DocumentKind> kinds) {
        for (DocumentKind k : kinds) {
            if (!documentKinds().contains(k)) {
                throw new IllegalArgumentException("backend " + name() + " does not render " + k + " documents");
            }
        }
        Map<DocumentKind, String> kept = new EnumMap<>(DocumentKind.class);
        render(ruleset, options).documents().forEach((k, v) -> {
            if (kinds.contains(k)) {
                kept.put(k, v);
            }
        });
        return RenderedRuleset.of(kept);
    }

    /**
     * The live dataplane of this backend: applies deltas to the kernel of the current network namespace through
     * {@code tools}. The default is none (a backend that only renders documents).
     *
     * @param options the table name (and counters) the rendered rules use
     * @param tools how the kernel tools are run
     * @return the dataplane, or empty if this backend has none
     */
    default Optional<Dataplane> dataplane(RenderOptions options, ToolRunner tools) {
        return Optional.empty();
    }
}

package io.hostwall.nftables;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a {@link Ruleset} into one nft script (document {@link DocumentKind#NFT}) that {@code nft -f} loads as one
 * transaction: it replaces table {@code inet <tableName>} (default {@code inet hostwall}), holding both families,
 * and touches no other table. Loading the same script twice leaves the same ruleset. On request it renders the same
 * table as libnftables JSON (document {@link DocumentKind#NFT_JSON}, for {@code nft -j -f}). The JSON document is
 * printed from the table model; the script is written straight from the IR for speed, and tests hold it
 * byte-identical to the model's own script, so the two documents hold the same table.
 *
 * <p>What the script needs: nftables ≥ 1.0 userspace (verified with 1.0.6) and a kernel with inet tables, verdict
 * maps, concatenations and interval sets, including concatenated interval sets (≥ 5.6): negated ICMP matches look
 * up {@code meta l4proto . th sport} (protocol, then ICMP type and code as one 16-bit value) in such a set. The JSON
 * document needs the same nft with JSON support ({@code nft -j}, verified with 1.0.6).
 *
 * <p>Names come from the compiler and are validated, not escaped (nft cannot quote them); free text (comments, log
 * prefixes, the node name) is filtered to safe printable ASCII. A ruleset this backend cannot express exactly
 * fails with {@link IllegalArgumentException} rather than rendering something else.
 */
public final class NftablesBackend implements Backend {
    /** The backend's {@link #name()}. */
    public static final String NAME = "nftables";

    /**
     * A backend. One instance can render any number of rulesets, also concurrently; its only state is a cache of
     * the script text of chains whose rule lists the compiler shares between nodes ({@code NftChainCache}, held
     * weakly by the identity of those lists, filled from the second render on), which never changes what a render
     * returns.
     */
    public NftablesBackend() {}

    private final NftChainCache chains = new NftChainCache();

    private static final ImmutableSet<DocumentKind> KINDS = ImmutableSet.of(DocumentKind.NFT, DocumentKind.NFT_JSON);

    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} The script, and the same table as libnftables JSON. */
    @Override
    public ImmutableSet<DocumentKind> documentKinds() {
        return KINDS;
    }

    /** {@inheritDoc} The one script holds both families. */
    @Override
    public DocumentKind mainDocument(IpFamily family) {
        return DocumentKind.NFT;
    }

    /** {@inheritDoc} The script only ({@link DocumentKind#NFT}); the JSON form is rendered on request. */
    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
        return new RenderedRuleset(ImmutableSortedMap.of(DocumentKind.NFT, script(ruleset, options)));
    }

    /**
     * {@inheritDoc} The script is written straight from the IR ({@code NftScript}); the JSON document is printed
     * from the table model, which a test keeps equal to the script (the model's own script is byte-identical).
     */
    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options, Set<DocumentKind> kinds) {
        for (DocumentKind k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("backend " + NAME + " does not render " + k + " documents");
            }
        }
        Map<DocumentKind, String> out = new EnumMap<>(DocumentKind.class);
        if (!kinds.isEmpty()) {
            if (kinds.contains(DocumentKind.NFT)) {
                out.put(DocumentKind.NFT, NftScript.render(ruleset, options, chains.forRender()));
            }
            if (kinds.contains(DocumentKind.NFT_JSON)) {
                out.put(DocumentKind.NFT_JSON, NftJson.document(new NftTableBuilder(ruleset, options).build()));
            }
        }
        return RenderedRuleset.of(out);
    }

    /** {@inheritDoc} An {@link NftDataplane} for table {@code inet <tableName>}. */
    @Override
    public Optional<Dataplane> dataplane(RenderOptions options, ToolRunner tools) {
        return Optional.of(new NftDataplane(options, tools));
    }

    /**
     * The nft script alone.
     *
     * @param ruleset the ruleset
     * @param options table name, counters
     * @return the script for {@code nft -f}
     * @throws IllegalArgumentException for a ruleset this backend cannot express
     */
    public String script(Ruleset ruleset, RenderOptions options) {
        return NftScript.render(ruleset, options, chains.forRender());
    }

    /**
     * The same table as {@link #script} in libnftables JSON, for {@code nft -j -f}.
     *
     * @param ruleset the ruleset
     * @param options table name, counters
     * @return the JSON document: one command per line
     * @throws IllegalArgumentException for a ruleset this backend cannot express
     */
    public String json(Ruleset ruleset, RenderOptions options) {
        return NftJson.document(new NftTableBuilder(ruleset, options).build());
    }
}

package io.hostwall.nftables;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;

/**
 * Renders a {@link Ruleset} into one nft script (document {@link DocumentKind#NFT}) that {@code nft -f} loads as one
 * transaction: it replaces table {@code inet <tableName>} (default {@code inet hostwall}), holding both families,
 * and touches no other table. Loading the same script twice leaves the same ruleset.
 *
 * <p>What the script needs: nftables ≥ 1.0 userspace (verified with 1.0.6) and a kernel with inet tables, verdict
 * maps, concatenations and interval sets (≥ 5.x). Negated ICMP type matches use a set keyed by raw transport
 * payload ({@code typeof meta l4proto . @th,0,8}), which needs an nft that supports {@code typeof} with raw
 * payload expressions (1.0.6 does).
 *
 * <p>Names come from the compiler and are validated, not escaped (nft cannot quote them); free text (comments, log
 * prefixes, the node name) is filtered to safe printable ASCII. A ruleset this backend cannot express exactly
 * fails with {@link IllegalArgumentException} rather than rendering something else.
 */
public final class NftablesBackend implements Backend {
    /** The backend's {@link #name()}. */
    public static final String NAME = "nftables";

    /** A backend; it holds no state, so one instance can render any number of rulesets, also concurrently. */
    public NftablesBackend() {}

    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} Only {@code nft}. */
    @Override
    public ImmutableSet<DocumentKind> documentKinds() {
        return ImmutableSet.of(DocumentKind.NFT);
    }

    /** {@inheritDoc} The one script holds both families. */
    @Override
    public DocumentKind mainDocument(IpFamily family) {
        return DocumentKind.NFT;
    }

    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
        return new RenderedRuleset(ImmutableSortedMap.of(DocumentKind.NFT, script(ruleset, options)));
    }

    /**
     * The nft script alone: the one document of {@link #render}.
     *
     * @param ruleset the compiled ruleset
     * @param options the table name and counters
     * @return the script for {@code nft -f}
     * @throws IllegalArgumentException for a ruleset this backend cannot express exactly
     */
    public String script(Ruleset ruleset, RenderOptions options) {
        return new NftScriptWriter(ruleset, options).write();
    }
}

package io.hostwall.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Document kinds: suffixes, loading tools, lookup; a rendered ruleset by kind. */
class DocumentKindTest {

    @Test
    void suffixesAndToolsAreTheFilesAndCommandsUsersKnow() {
        assertEquals(List.of("nft", "nft.json", "iptables", "ip6tables", "ipset"),
                List.of(DocumentKind.values()).stream().map(DocumentKind::suffix).toList());
        assertEquals(List.of("nft", "-f", "-"), DocumentKind.NFT.loadCommand());
        assertEquals(List.of("nft", "-j", "-f", "-"), DocumentKind.NFT_JSON.loadCommand());
        assertEquals("ip6tables-restore", DocumentKind.IP6TABLES.tool());
        assertEquals(List.of("ipset", "restore"), DocumentKind.IPSET.loadCommand());
        for (DocumentKind k : DocumentKind.values()) {
            assertEquals(Optional.of(k), DocumentKind.ofSuffix(k.suffix()));
        }
        assertEquals(Optional.empty(), DocumentKind.ofSuffix("IPSET"));
    }

    @Test
    void aRenderedRulesetAnswersByKind() {
        RenderedRuleset r = new RenderedRuleset(ImmutableSortedMap.of(DocumentKind.IPTABLES, "v4"));
        assertEquals(Optional.of("v4"), r.document(DocumentKind.IPTABLES));
        assertEquals("v4", r.require(DocumentKind.IPTABLES));
        assertEquals(Optional.empty(), r.document(DocumentKind.IPSET));
        assertThrows(IllegalArgumentException.class, () -> r.require(DocumentKind.IPSET));
    }

    /** The default render(..., kinds): everything rendered, the kinds asked for kept, a foreign kind refused. */
    @Test
    void renderingChosenKindsKeepsOnlyThose() {
        Backend twoDocs = new Backend() {
            @Override
            public String name() {
                return "two";
            }

            @Override
            public com.google.common.collect.ImmutableSet<DocumentKind> documentKinds() {
                return com.google.common.collect.ImmutableSet.of(DocumentKind.IPTABLES, DocumentKind.IPSET);
            }

            @Override
            public DocumentKind mainDocument(io.hostwall.net.IpFamily family) {
                return DocumentKind.IPTABLES;
            }

            @Override
            public RenderedRuleset render(io.hostwall.ir.Ruleset ruleset, RenderOptions options) {
                return new RenderedRuleset(ImmutableSortedMap.of(DocumentKind.IPTABLES, "v4", DocumentKind.IPSET, "sets"));
            }
        };
        io.hostwall.ir.Ruleset none = null; // the fake never looks at it
        assertEquals(ImmutableSortedMap.of(DocumentKind.IPSET, "sets"),
                twoDocs.render(none, RenderOptions.defaults(), java.util.Set.of(DocumentKind.IPSET)).documents());
        assertEquals(2, twoDocs.render(none, RenderOptions.defaults(), twoDocs.documentKinds()).documents().size());
        assertThrows(IllegalArgumentException.class,
                () -> twoDocs.render(none, RenderOptions.defaults(), java.util.Set.of(DocumentKind.NFT)));
    }
}

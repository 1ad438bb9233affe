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
        assertEquals(List.of("nft", "iptables", "ip6tables", "ipset"),
                List.of(DocumentKind.values()).stream().map(DocumentKind::suffix).toList());
        assertEquals(List.of("nft", "-f", "-"), DocumentKind.NFT.loadCommand());
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
}

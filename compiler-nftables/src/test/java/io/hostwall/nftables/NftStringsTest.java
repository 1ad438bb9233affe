package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftStringsTest {
    @Test
    void safeKeepsPrintableAsciiAndReplacesTheRest() {
        assertEquals("GlobalNetworkPolicy allow-ssh ingress", NftStrings.safe("GlobalNetworkPolicy allow-ssh ingress"));
        assertEquals("a_b_c_d_e_f", NftStrings.safe("a\"b\\c$d\ne\tf"));
        assertEquals("caf_ _", NftStrings.safe("café \uD83D\uDE00")); // one _ per code point
        assertEquals("#;{}'`%", NftStrings.safe("#;{}'`%"));
    }

    @Test
    void commentsAreAtMost128Bytes() {
        String c = NftStrings.comment(List.of("x".repeat(100), "y".repeat(100)));
        assertEquals(128, c.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(c.startsWith("x".repeat(100) + "; yy"));
        assertEquals("", NftStrings.comment(List.of()));
    }

    @Test
    void truncationNeverSplitsACodePoint() {
        assertEquals("ab", NftStrings.truncateUtf8("ab\u00e9", 3)); // é is two bytes
        assertEquals("ab\u00e9", NftStrings.truncateUtf8("ab\u00e9", 4));
        assertEquals("", NftStrings.truncateUtf8("\uD83D\uDE00", 3)); // four bytes
        assertEquals("\uD83D\uDE00", NftStrings.truncateUtf8("\uD83D\uDE00x", 4));
    }

    @Test
    void visibleEscapesForErrorMessages() {
        assertEquals("'a\\u000ab'", NftStrings.visible("a\nb"));
    }

    @Test
    void namesAreValidatedNotEscaped() {
        assertEquals("hw-filter-input", NftNames.object("chain", "hw-filter-input"));
        assertEquals("hw4n-AbC_d-9", NftNames.object("set", "hw4n-AbC_d-9"));
        assertEquals("hostwall", NftNames.object("table", "hostwall"));
        assertEquals("Z.b_c-9", NftNames.object("set", "Z.b_c-9"));
        for (String bad : List.of("", "1abc", "-abc", "_abc", ".abc", "a b", "a\"b", "a;b", "a{b", "a\nb", "a#b", "a/b", "ä",
                "tcp", "counter", "ip6", "accept", "auto-merge", "x".repeat(256))) {
            assertThrows(IllegalArgumentException.class, () -> NftNames.object("chain", bad), bad);
        }
    }

    @Test
    void interfaceNames() {
        assertEquals("\"eth0\"", NftNames.ifname("eth0", false));
        assertEquals("\"cali*\"", NftNames.ifname("cali", true));
        for (String bad : List.of("", "eth\"0", "eth0*", "a b", "abcdefghijklmnop", "eth0;", "é")) {
            assertThrows(IllegalArgumentException.class, () -> NftNames.ifname(bad, false), bad);
        }
    }
}

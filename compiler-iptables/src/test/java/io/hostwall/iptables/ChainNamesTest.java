package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.HashedNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain names: verbatim when safe and short, otherwise Felix's head + "_" + hash, always 28 characters at most. */
class ChainNamesTest {

    @Test
    void shortSafeNamesStay() {
        assertEquals("hw-filter-input", ChainNames.of("hw-filter-input"));
        assertEquals("hw-pi-gnp.allow-ssh", ChainNames.of("hw-pi-gnp.allow-ssh"));
        assertEquals("hw-fh-any-interface-at-all", ChainNames.of("hw-fh-any-interface-at-all"));
        String exactly28 = "hw-pi-gnp.abcdefghijklmnopqr";
        assertEquals(28, exactly28.length());
        assertEquals(exactly28, ChainNames.of(exactly28));
    }

    @Test
    void longNamesAreHashedLikeFelix() {
        String name = "hw-pi-gnp.allow-cluster-internal-ingress";
        String expected = "hw-pi-_"
                + HashedNames.sha256Base64Url("gnp.allow-cluster-internal-ingress").substring(0, 21);
        assertEquals(expected, ChainNames.of(name));
        assertEquals(28, ChainNames.of(name).length());
        assertEquals(ChainNames.of(name), ChainNames.of(name), "stable");
        assertNotEquals(ChainNames.of(name), ChainNames.of(name + "x"));
    }

    @Test
    void aFullLengthNameThatLooksHashedIsHashed() {
        // Otherwise it could equal the hashed form of a longer name.
        String looksHashed = "hw-pi-_abcdefghijklmnopqrstu";
        assertEquals(28, looksHashed.length());
        assertNotEquals(looksHashed, ChainNames.of(looksHashed));
    }

    @Test
    void unsafeNamesAreHashedNeverCopied() {
        for (String hostile : List.of("LOG", "ACCEPT", "standard", "INPUT", "-A INPUT -j ACCEPT", "hw-x\n-A INPUT",
                "hw-\"quoted\"", "!hw-x", "-hw", "hw-ä", "")) {
            String n = ChainNames.of(hostile);
            assertTrue(n.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,27}") && n.contains("-"), hostile + " → " + n);
            assertNotEquals(hostile, n);
        }
    }

    @Test
    void helperNamesAreHashedAndDistinct() {
        String a = ChainNames.helper("hw-pi-gnp.x", 1, "guard");
        String b = ChainNames.helper("hw-pi-gnp.x", 2, "guard");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("hw-pi-_") && a.length() == 28);
    }
}

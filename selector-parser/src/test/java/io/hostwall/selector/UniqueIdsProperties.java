package io.hostwall.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The per-thread digest and hand-written base64 of {@link UniqueIds} against the plain JDK computation. */
class UniqueIdsProperties {

    @Property(tries = 2000)
    void sameAsDigestingThePrefixedUtf8Bytes(@ForAll("texts") String canonical) throws Exception {
        assertEquals(reference(canonical), UniqueIds.of(canonical));
    }

    /** Around the per-thread buffer's sizes: the initial 256 bytes, growth, and the 64 KiB cap. */
    @Example
    void longInputs() throws Exception {
        for (int n : new int[] {255, 256, 257, 4096, 64 * 1024, 64 * 1024 + 1, 200_000}) {
            String ascii = "a".repeat(n);
            assertEquals(reference(ascii), UniqueIds.of(ascii), "length " + n);
            String mixed = "é" + ascii;
            assertEquals(reference(mixed), UniqueIds.of(mixed), "length " + n);
        }
    }

    private static String reference(String canonical) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-224").digest(("s:" + canonical).getBytes(StandardCharsets.UTF_8));
        return "s:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(600), Arbitraries.strings().all().ofMaxLength(60),
                SelectorArbitraries.exprs().map(Expr::toString));
    }
}

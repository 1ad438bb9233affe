package io.hostwall.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digests, against Guava's SHA-256 (what computed them before the per-thread digest): names must not change. */
class HashedNamesTest {
    @Test
    void hexAndBase64MatchGuavaOverRandomTexts() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(i % 10 == 0 ? 300 : 40);
            for (int k = 0; k < length; k++) {
                b.append(random.nextInt(8) == 0 ? (char) random.nextInt(0x3000) : (char) (32 + random.nextInt(95)));
            }
            String text = b.toString();
            byte[] expected = Hashing.sha256().hashString(text, StandardCharsets.UTF_8).asBytes();
            int bytes = 1 + random.nextInt(32);
            StringBuilder hex = new StringBuilder();
            for (int k = 0; k < bytes; k++) {
                hex.append(String.format("%02x", expected[k]));
            }
            assertEquals(hex.toString(), HashedNames.sha256Hex(text, bytes), text);
            assertEquals(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(expected),
                    HashedNames.sha256Base64Url(text), text);
        }
    }

    @Test
    void fixedNames() {
        assertEquals("e3b0c44298fc1c14", HashedNames.sha256Hex("", 8)); // SHA-256 of nothing
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashedNames.sha256Hex("abc", 32));
    }

    @Test
    void bytesOutsideTheDigestAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> HashedNames.sha256Hex("x", 0));
        assertThrows(IndexOutOfBoundsException.class, () -> HashedNames.sha256Hex("x", 33));
    }
}

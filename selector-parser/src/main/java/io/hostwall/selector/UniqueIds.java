package io.hostwall.selector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Calico's {@code hash.MakeUniqueID("s", canonical)}: {@code "s:" + base64url_nopad(SHA-224("s:" +
 * canonical))}. Every parse computes one, so the digest and its input buffer are kept per thread
 * ({@code MessageDigest.getInstance} searches the security providers on every call, which cost more
 * than the parse itself) and the 38 base64 characters are written straight after the prefix.
 */
final class UniqueIds {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final int SHA224_BYTES = 28;
    /** "s:" plus 28 bytes in unpadded base64: 9 full groups of 4 characters and 2 for the last byte. */
    private static final int UID_LENGTH = 2 + 38;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private UniqueIds() {
    }

    static String of(String canonical) {
        Scratch s = SCRATCH.get();
        byte[] input = s.input(canonical);
        MessageDigest sha224 = s.sha224;
        sha224.update((byte) 's');
        sha224.update((byte) ':');
        if (input != null) {
            sha224.update(input, 0, canonical.length());
        } else {
            sha224.update(canonical.getBytes(StandardCharsets.UTF_8));
        }
        byte[] hash = sha224.digest(); // also resets the digest for the next call
        byte[] out = new byte[UID_LENGTH];
        out[0] = 's';
        out[1] = ':';
        int o = 2;
        int i = 0;
        for (; i + 3 <= SHA224_BYTES; i += 3) {
            int bits = (hash[i] & 0xff) << 16 | (hash[i + 1] & 0xff) << 8 | (hash[i + 2] & 0xff);
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3f];
            out[o++] = ALPHABET[(bits >>> 6) & 0x3f];
            out[o++] = ALPHABET[bits & 0x3f];
        }
        int bits = (hash[i] & 0xff) << 16; // 28 = 9 * 3 + 1: one byte left, two characters, no padding
        out[o++] = ALPHABET[bits >>> 18];
        out[o] = ALPHABET[(bits >>> 12) & 0x3f];
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** One thread's digest and a buffer for ASCII input (canonical strings nearly always are). */
    private static final class Scratch {
        final MessageDigest sha224;
        byte[] buffer = new byte[256];

        Scratch() {
            try {
                sha224 = MessageDigest.getInstance("SHA-224");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java 17 runtime provides SHA-224", e);
            }
        }

        /** The string's bytes in the buffer when it is ASCII (UTF-8 = one byte per char), else null. */
        byte[] input(String text) {
            int n = text.length();
            if (n > buffer.length) {
                if (n > 64 * 1024) {
                    return null; // do not keep a huge buffer alive per thread
                }
                buffer = new byte[Math.max(n, buffer.length * 2)];
            }
            byte[] b = buffer;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    return null;
                }
                b[i] = (byte) c;
            }
            return b;
        }
    }
}

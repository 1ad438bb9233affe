package io.hostwall.ir;

import com.google.common.primitives.Ints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names made from SHA-256 of a text, in one place for the compiler (IR chain and set names) and the backends
 * (their shorter kernel names). The rule for a name longer than a limit is Felix's {@code GetLengthLimitedID}
 * (FR §10): the readable head, then {@code "_"} and the unpadded base64url SHA-256 of the rest, cut to the limit.
 * The result is stable across runs and hosts, so a re-applied ruleset keeps its names.
 */
public final class HashedNames {
    /** Unpadded base64url of a 32-byte digest. */
    private static final int BASE64URL_LENGTH = 43;

    private HashedNames() {}

    /**
     * Felix's length-limited name: {@code head + rest} when it is shorter than {@code max}, or exactly {@code max}
     * long with a rest that does not start with {@code "_"} (such a rest could look like a hash); otherwise
     * {@link #hashed hashed(head, rest, max)}.
     *
     * @param head the readable start, kept as it is
     * @param rest the part that is hashed when the whole is too long
     * @param max the most characters the name may have
     * @return a name of at most {@code max} characters
     * @throws IllegalArgumentException if {@code head} leaves no room for {@code "_"} and one hash character
     */
    public static String lengthLimited(String head, String rest, int max) {
        int length = head.length() + rest.length();
        if (length < max || (length == max && !rest.startsWith("_"))) {
            return head + rest;
        }
        return hashed(head, rest, max);
    }

    /**
     * {@code head + "_" + base64url(SHA-256(hashInput))}, the hash cut so that the name has at most {@code max}
     * characters.
     *
     * @param head the readable start, kept as it is
     * @param hashInput the text whose hash follows the head
     * @param max the most characters the name may have
     * @return the hashed name
     * @throws IllegalArgumentException if {@code head} leaves no room for {@code "_"} and one hash character
     */
    public static String hashed(String head, String hashInput, int max) {
        int room = max - 1 - head.length();
        if (room < 1) {
            throw new IllegalArgumentException("head " + head + " leaves no room for a hash within " + max);
        }
        return head + "_" + sha256Base64Url(hashInput).substring(0, Math.min(BASE64URL_LENGTH, room));
    }

    /**
     * The unpadded base64url encoding ({@code [A-Za-z0-9_-]}, 43 characters) of SHA-256 of the UTF-8 text.
     *
     * @param text the text to hash
     * @return the 43-character encoding
     */
    public static String sha256Base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(text));
    }

    /**
     * The first {@code bytes} bytes of SHA-256 of the UTF-8 text, as lower-case hex digits.
     *
     * @param text the text to hash
     * @param bytes how many bytes of the digest, 1 to 32
     * @return {@code 2 * bytes} hex digits
     * @throws IndexOutOfBoundsException if {@code bytes} is not within 1..32
     */
    public static String sha256Hex(String text, int bytes) {
        if (bytes < 1) {
            throw new IndexOutOfBoundsException("bytes must be within 1..32: " + bytes);
        }
        byte[] digest = sha256(text);
        if (bytes > digest.length) {
            throw new IndexOutOfBoundsException("bytes must be within 1..32: " + bytes);
        }
        char[] hex = new char[2 * bytes];
        for (int i = 0; i < bytes; i++) {
            hex[2 * i] = HEX[digest[i] >> 4 & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }

    /**
     * The first four bytes of SHA-256 of the UTF-8 text, big-endian, as an int.
     *
     * @param text the text to hash
     * @return the int
     */
    public static int sha256Int(String text) {
        return Ints.fromByteArray(sha256(text));
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * One digest per thread, reset by each {@code digest}: the backends name a set per distinct port list, thousands
     * per node, and a new digest (Guava's clones one) per name was a visible part of rendering one (JFR, issue 10).
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private static byte[] sha256(String text) {
        return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}

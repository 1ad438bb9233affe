package io.hostwall.nftables;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Free text that goes into the script: rule comments, log prefixes and the header.
 *
 * <p>An nft quoted string is {@code "[^"]*"} with no escapes, so the only way to keep text from ending the string
 * is to never let a quote in. Free text is therefore filtered to printable ASCII, and the characters nft or a
 * reader could trip over are replaced by {@code _}: {@code "} (ends the string), {@code \} (escape in most other
 * tools), {@code $} (nft expands {@code $name} in a log prefix: "unknown identifier"). Control characters (a newline
 * would end a header comment line) and everything outside ASCII (lengths are bytes in the kernel) go too.
 */
final class NftStrings {
    /** nft refuses longer comments (knftables CommentLengthMax). */
    static final int MAX_COMMENT_BYTES = 128;

    /** Kernel NF_LOG_PREFIXLEN is 128 including the terminating NUL. */
    static final int MAX_LOG_PREFIX_BYTES = 127;

    private NftStrings() {}

    /** The rule comment for {@code comments} (joined with "; "), or "" when there is nothing to say. */
    static String comment(List<String> comments) {
        return truncateUtf8(safe(String.join("; ", comments)), MAX_COMMENT_BYTES);
    }

    /** A log prefix the kernel stores whole. */
    static String logPrefix(String prefix) {
        return truncateUtf8(safe(prefix), MAX_LOG_PREFIX_BYTES);
    }

    /**
     * {@code text} with every code point that is not printable ASCII, and {@code " \ $}, replaced by {@code _}
     * (one {@code _} per code point, so an emoji is one character, not two).
     */
    static String safe(String text) {
        if (allSafe(text)) {
            return text; // the common case: nothing to replace, nothing to copy
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(isSafe(cp) ? (char) cp : '_'));
        return out.toString();
    }

    /** A loop, not a stream: every rule's comment passes here (issue 10). */
    private static boolean allSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text[start, end)} needs no replacing (the direct writer checks what it appended). */
    static boolean allSafe(CharSequence text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isSafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSafe(int cp) {
        return cp >= 0x20 && cp <= 0x7e && cp != '"' && cp != '\\' && cp != '$';
    }

    /**
     * The longest prefix of {@code text} whose UTF-8 encoding fits {@code maxBytes}, never splitting a code point.
     * (After {@link #safe} every character is one byte; this stays correct for any input.)
     */
    static String truncateUtf8(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text;
        }
        if (ascii(text)) {
            return text.length() <= maxBytes ? text : text.substring(0, maxBytes); // ASCII: a byte per character
        }
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} quoted for an error message, with control and non-ASCII characters as {@code \\uXXXX}. */
    static String visible(String name) {
        StringBuilder out = new StringBuilder("'");
        name.chars().forEach(c -> {
            if (c >= 0x20 && c <= 0x7e && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.append('\'').toString();
    }
}

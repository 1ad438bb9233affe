package io.hostwall.compiler.chains;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Chain and set names, made of {@code [A-Za-z0-9_.-]} only. Chain names keep the policy's name so that a ruleset
 * reads like its manifests; they are at most 128 characters (nftables allows 256), and a backend with a shorter
 * limit (iptables: 28) maps longer names itself. Set names are at most 31 characters (ipset's limit) so that
 * every backend can use them as they are. A name that would be longer is shortened the way Felix does it (FR §10):
 * {@code prefix + "_" + base64url(SHA-256(suffix))}, cut to the limit, so it stays stable and unique.
 */
public final class Names {
    static final int MAX_CHAIN = 128;
    static final int MAX_SET = 31;

    /** The sentinel that stands for the {@code interfaceName: "*"} endpoint; longer than any interface name. */
    public static final String ALL_INTERFACES = "any-interface-at-all";

    private final String prefix;

    public Names(String prefix) {
        this.prefix = prefix;
    }

    /** {@code <prefix>-<kind>-<suffix>}, hashed when too long. */
    String chain(String kind, String suffix) {
        return limit(prefix + "-" + kind + "-", suffix, MAX_CHAIN);
    }

    /** A fixed chain name such as {@code hw-filter-input}. */
    String fixed(String name) {
        String n = prefix + "-" + name;
        if (n.length() > MAX_CHAIN) {
            throw new IllegalStateException("fixed chain name too long: " + n);
        }
        return n;
    }

    /** Content-addressed set name: {@code <prefix><4|6><kind>-<hash of key>}. */
    String set(int family, char kind, String contentKey) {
        String head = prefix + family + kind + "-";
        return head + hash(contentKey).substring(0, 20);
    }

    static String limit(String head, String suffix, int max) {
        if (head.length() + suffix.length() < max
                || (head.length() + suffix.length() == max && !suffix.startsWith("_"))) {
            return head + suffix;
        }
        String h = hash(suffix);
        return head + "_" + h.substring(0, Math.min(h.length(), max - 1 - head.length()));
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required by the Java platform", e);
        }
    }
}

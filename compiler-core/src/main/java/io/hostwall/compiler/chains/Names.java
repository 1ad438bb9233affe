package io.hostwall.compiler.chains;

import io.hostwall.ir.HashedNames;

/**
 * Chain and set names, made of {@code [A-Za-z0-9_.-]} only. Chain names keep the policy's name so that a ruleset
 * reads like its manifests; they are at most 128 characters (nftables allows 256), and a backend with a shorter
 * limit (iptables: 28) maps longer names itself. Set names are at most 31 characters (ipset's limit) so that
 * every backend can use them as they are. A name that would be longer is shortened the way Felix does it (FR §10,
 * {@link HashedNames#lengthLimited}), so it stays stable and unique.
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
        return HashedNames.lengthLimited(prefix + "-" + kind + "-", suffix, MAX_CHAIN);
    }

    /** A fixed chain name such as {@code hw-filter-input}. */
    String fixed(String name) {
        String n = prefix + "-" + name;
        if (n.length() > MAX_CHAIN) {
            throw new IllegalStateException("fixed chain name too long: " + n);
        }
        return n;
    }

    /** Set name: {@code <prefix><4|6><kind>-<hash of key>}, the key being the set's identity or content (SetPool). */
    String set(int family, char kind, String contentKey) {
        String head = prefix + family + kind + "-";
        return head + HashedNames.sha256Base64Url(contentKey).substring(0, 20);
    }
}

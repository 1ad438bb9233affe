package io.hostwall.ir;

/**
 * The classic netfilter table a base chain stands for. It fixes the hook priority (nftables) and the table
 * (iptables); it also decides what a rule may do there (no REJECT outside filter, no conntrack state in raw).
 */
public enum TableKind {
    /** Before conntrack: untracked (doNotTrack) policy and its failsafes. */
    RAW("raw", -300),
    /** After conntrack, before DNAT: preDNAT policy. */
    MANGLE("mangle", -150),
    /** After DNAT: normal and applyOnForward policy. */
    FILTER("filter", 0);

    private final String iptablesName;
    private final int priority;

    TableKind(String iptablesName, int priority) {
        this.iptablesName = iptablesName;
        this.priority = priority;
    }

    /** {@return the iptables table name: raw, mangle, filter} */
    public String iptablesName() {
        return iptablesName;
    }

    /** {@return the nftables hook priority: raw -300, mangle -150, filter 0} */
    public int priority() {
        return priority;
    }
}

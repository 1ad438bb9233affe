package io.hostwall.compiler.plan;

/** The policy stages of SEMANTICS §2, in packet order. */
public enum Stage {
    /** {@code doNotTrack} policy: raw table, before conntrack. */
    UNTRACKED,
    /** {@code preDNAT} policy: mangle PREROUTING, ingress only. */
    PRE_DNAT,
    /** Every other policy: filter INPUT/OUTPUT (and mangle POSTROUTING for DNAT'd host egress). */
    NORMAL,
    /** {@code applyOnForward} policy that is neither untracked nor pre-DNAT: filter FORWARD. */
    FORWARD;

    /**
     * Whether {@code p} takes part in this stage: {@code of(p).contains(this)} without building the set (asked once
     * per selected policy per endpoint chain).
     *
     * @param p the policy
     * @return whether it runs in this stage
     */
    public boolean has(io.hostwall.model.GlobalNetworkPolicy p) {
        if (p.doNotTrack()) {
            return this == UNTRACKED;
        }
        if (p.preDNAT()) {
            return this == PRE_DNAT;
        }
        return this == NORMAL || this == FORWARD && p.applyOnForward();
    }

    /** Which stages a policy takes part in. */
    public static java.util.EnumSet<Stage> of(io.hostwall.model.GlobalNetworkPolicy p) {
        if (p.doNotTrack()) {
            return java.util.EnumSet.of(UNTRACKED);
        }
        if (p.preDNAT()) {
            return java.util.EnumSet.of(PRE_DNAT);
        }
        return p.applyOnForward() ? java.util.EnumSet.of(NORMAL, FORWARD) : java.util.EnumSet.of(NORMAL);
    }
}

package io.hostwall.compiler.oracle;

/** What one stage did with the packet. */
public enum Effect {
    /** Allowed in this stage; later stages still run. */
    ALLOW("allow"),
    /** Allowed by untracked or pre-DNAT policy: the accept mark makes later ingress (and host egress) stages skip. */
    HAND_OVER("allow (hand-over)"),
    /** Dropped; final. */
    DENY("deny"),
    /** The stage ran and decided nothing; the packet goes on. */
    NO_VERDICT("no verdict"),
    /** No host endpoint polices the packet in this stage. */
    NOT_POLICED("not policed"),
    /** Not evaluated: an earlier stage handed an allow over. */
    SKIPPED("skipped");

    private final String label;

    Effect(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}

package io.hostwall.compiler.oracle;

import io.hostwall.model.Direction;

/** The policy stages a packet can meet (SEMANTICS §6), each with the direction it polices. */
public enum Stage {
    UNTRACKED_INGRESS("untracked ingress", Kind.UNTRACKED, Direction.INGRESS),
    PRE_DNAT_INGRESS("pre-DNAT ingress", Kind.PRE_DNAT, Direction.INGRESS),
    NORMAL_INGRESS("normal ingress", Kind.NORMAL, Direction.INGRESS),
    FORWARD_INGRESS("forward ingress", Kind.FORWARD, Direction.INGRESS),
    FORWARD_EGRESS("forward egress", Kind.FORWARD, Direction.EGRESS),
    UNTRACKED_EGRESS("untracked egress", Kind.UNTRACKED, Direction.EGRESS),
    NORMAL_EGRESS("normal egress", Kind.NORMAL, Direction.EGRESS);

    /** Which policies a stage runs: SEMANTICS §2. */
    public enum Kind {
        UNTRACKED,
        PRE_DNAT,
        NORMAL,
        FORWARD
    }

    private final String label;
    private final Kind kind;
    private final Direction direction;

    Stage(String label, Kind kind, Direction direction) {
        this.label = label;
        this.kind = kind;
        this.direction = direction;
    }

    public Kind kind() {
        return kind;
    }

    public Direction direction() {
        return direction;
    }

    /** Human-readable name, e.g. {@code pre-DNAT ingress}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}

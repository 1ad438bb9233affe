package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;

/**
 * The policy set is outside the oracle's domain: it holds something the compiler reports as a compile error for
 * this node (a policy in an undefined tier, an undefined profile, a rule field a host endpoint cannot enforce).
 * Thrown when the oracle is built, never while it evaluates a packet; lists every problem found.
 */
public final class OracleInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ImmutableList<String> problems;

    public OracleInputException(ImmutableList<String> problems) {
        super("the policy set cannot be evaluated (the compiler rejects it): " + String.join("; ", problems));
        this.problems = problems;
    }

    /** One sentence per problem, naming the resource and the field. */
    public ImmutableList<String> problems() {
        return problems;
    }
}

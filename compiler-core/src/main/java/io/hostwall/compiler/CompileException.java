package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Problem;

/** The input asks for something hostwall cannot compile for this node. Carries every problem found. */
public final class CompileException extends Exception {
    /** Every problem found, in the order found. */
    private final ImmutableList<Problem> problems;

    /**
     * An exception carrying every problem found.
     *
     * @param problems the problems, each located as precisely as known
     */
    public CompileException(ImmutableList<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(Problem::toString).reduce((a, b) -> a + "; " + b).orElse(""));
        this.problems = problems;
    }

    /**
     * Every problem found.
     *
     * @return the problems, in the order found
     */
    public ImmutableList<Problem> problems() {
        return problems;
    }
}

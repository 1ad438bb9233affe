package io.hostwall.compiler.policytest;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Problem;
import java.util.stream.Collectors;

/** A policy test file that cannot be used: every problem found in it, each with file, line and field. */
public final class PolicyTestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Not serialized: the problems are also in the message. */
    private final transient ImmutableList<Problem> problems;

    /**
     * An exception carrying problems.
     *
     * @param problems at least one problem
     * @throws IllegalArgumentException when there is none
     */
    public PolicyTestException(ImmutableList<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyTestException carries at least one problem");
        }
        this.problems = problems;
    }

    /**
     * The problems, in file order.
     *
     * @return at least one problem
     */
    public ImmutableList<Problem> problems() {
        return problems;
    }
}

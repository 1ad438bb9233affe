package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.Problem;

/** The input asks for something hostwall cannot compile for this node. Carries every problem found. */
public final class CompileException extends Exception {
    private final ImmutableList<Problem> problems;

    public CompileException(ImmutableList<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(Problem::toString).reduce((a, b) -> a + "; " + b).orElse(""));
        this.problems = problems;
    }

    public ImmutableList<Problem> problems() {
        return problems;
    }
}

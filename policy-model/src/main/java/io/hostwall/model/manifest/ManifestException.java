package io.hostwall.model.manifest;

import io.hostwall.model.Problem;
import com.google.common.collect.ImmutableList;

/** Input that cannot be loaded. Carries every problem found, not just the first. */
public final class ManifestException extends Exception {
    /** Every problem found, in the order found. */
    private final ImmutableList<Problem> problems;

    /**
     * An exception carrying problems; its message lists them all.
     *
     * @param problems every problem found, at least one
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public ManifestException(ImmutableList<Problem> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one problem");
        }
        this.problems = problems;
    }

    /** {@return every problem found, at least one} */
    public ImmutableList<Problem> problems() {
        return problems;
    }

    private static String summary(ImmutableList<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (Problem p : problems) {
            sb.append(System.lineSeparator()).append(p);
        }
        return sb.toString();
    }
}

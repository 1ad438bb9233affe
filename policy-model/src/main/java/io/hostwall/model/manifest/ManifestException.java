package io.hostwall.model.manifest;

import io.hostwall.model.Problem;
import com.google.common.collect.ImmutableList;

/** Input that cannot be loaded. Carries every problem found, not just the first. */
public final class ManifestException extends Exception {
    private final ImmutableList<Problem> problems;

    public ManifestException(ImmutableList<Problem> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ManifestException needs at least one problem");
        }
        this.problems = problems;
    }

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

package io.hostwall.compiler.policytest;

import com.google.common.collect.ImmutableList;
import java.util.Objects;

/**
 * The results of a run, in the order of the files and of the tests in each.
 *
 * @param results one per test
 */
public record PolicyTestReport(ImmutableList<PolicyTestResult> results) {

    /**
     * Checks the list.
     *
     * @param results one per test
     * @throws NullPointerException when it is null
     */
    public PolicyTestReport {
        Objects.requireNonNull(results, "results");
    }

    /**
     * The tests that did not pass.
     *
     * @return failures, disagreements and errors, in order
     */
    public ImmutableList<PolicyTestResult> failures() {
        return results.stream().filter(r -> !r.passed()).collect(ImmutableList.toImmutableList());
    }

    /**
     * Whether every test passed.
     *
     * @return true when none failed (also when there were none)
     */
    public boolean passed() {
        return failures().isEmpty();
    }

    /**
     * How many tests had a status.
     *
     * @param status the status
     * @return the count
     */
    public int count(PolicyTestResult.Status status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }

    /**
     * The closing line, e.g. {@code policy tests: 9 passed, 1 failed} (disagreements and errors are named when
     * there are any: they are not the policy's fault).
     *
     * @return the line
     */
    public String summary() {
        StringBuilder sb = new StringBuilder("policy tests: ").append(count(PolicyTestResult.Status.PASSED))
                .append(" passed, ").append(count(PolicyTestResult.Status.FAILED)).append(" failed");
        if (count(PolicyTestResult.Status.DISAGREEMENT) > 0) {
            sb.append(", ").append(count(PolicyTestResult.Status.DISAGREEMENT)).append(" compiler disagreement(s)");
        }
        if (count(PolicyTestResult.Status.ERROR) > 0) {
            sb.append(", ").append(count(PolicyTestResult.Status.ERROR)).append(" error(s)");
        }
        return sb.toString();
    }
}

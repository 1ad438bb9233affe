package io.hostwall.compiler.policytest;

import io.hostwall.compiler.explain.Explanation;
import io.hostwall.model.Names;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one test.
 *
 * @param testCase the test
 * @param status passed, failed, a compiler bug, or the node did not compile
 * @param message empty when passed; else one line saying what happened instead, with what decided
 * @param explanation the packet's explanation; empty when the node did not compile
 */
public record PolicyTestResult(PolicyTestCase testCase, Status status, String message,
        Optional<Explanation> explanation) {

    /** How a test ended. */
    public enum Status {
        /** The packet got the expected verdict, from the expected policy and rule when one was given. */
        PASSED,
        /** The policy does something else than the test expects. */
        FAILED,
        /** The compiled ruleset contradicts the policy (verdict or deciding rule): a bug in hostwall's compiler. */
        DISAGREEMENT,
        /** The node did not compile (e.g. its policies name a tier that does not exist). */
        ERROR
    }

    /**
     * Checks the parts.
     *
     * @param testCase the test
     * @param status how it ended
     * @param message what happened instead; empty when passed
     * @param explanation the explanation, if the node compiled
     * @throws IllegalArgumentException when a passed test carries a message or another one none
     */
    public PolicyTestResult {
        Objects.requireNonNull(testCase, "testCase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(explanation, "explanation");
        if ((status == Status.PASSED) != message.isEmpty()) {
            throw new IllegalArgumentException("a passed test has no message, any other one has: " + status);
        }
    }

    /**
     * Whether the test passed.
     *
     * @return true for {@link Status#PASSED}
     */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * One line for a person, e.g. {@code tests.yaml:12: "ssh is dropped": FAILED: expected deny, got allow: decided
     * by pre-DNAT ingress eth0 [node1-eth0]: allow: GlobalNetworkPolicy "allow-cluster-internal-ingress" ...}.
     *
     * @return the line, without a line break
     */
    public String line() {
        return testCase.location() + ": " + Names.quote(testCase.name()) + ": " + status
                + (message.isEmpty() ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return line();
    }
}

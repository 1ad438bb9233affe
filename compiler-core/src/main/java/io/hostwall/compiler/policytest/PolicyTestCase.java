package io.hostwall.compiler.policytest;

import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.model.Direction;
import io.hostwall.model.SourceLocation;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One expectation of a policy test file: on {@code node}, {@code packet} gets {@code expect}'s verdict (and, when
 * given, is decided by {@code expect}'s policy and rule).
 *
 * @param name what the test is called; unique within its file
 * @param node the node the packet meets
 * @param packet the packet, as {@code hostwall explain} builds it
 * @param expect what must happen to it
 * @param facts the node's facts for this case only; empty to use the file's or the runner's
 * @param location where the case starts in its file
 */
public record PolicyTestCase(String name, String node, Packet packet, Expectation expect, Optional<NodeFacts> facts,
        SourceLocation location) {

    /**
     * Checks that nothing is missing.
     *
     * @param name what the test is called
     * @param node the node
     * @param packet the packet
     * @param expect what must happen to it
     * @param facts the case's own facts, if any
     * @param location where the case starts
     * @throws NullPointerException when a component is null
     */
    public PolicyTestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(location, "location");
    }

    /**
     * What a test expects.
     *
     * @param verdict the verdict the packet must get
     * @param policy the policy (or profile) whose rule must decide; empty when any may
     * @param rule which of its rules; empty when any may (only with {@code policy})
     */
    public record Expectation(Verdict verdict, Optional<String> policy, Optional<RuleIndex> rule) {

        /**
         * Checks that a rule comes with a policy.
         *
         * @param verdict the verdict
         * @param policy the deciding policy, if any
         * @param rule the deciding rule, if any
         * @throws IllegalArgumentException when {@code rule} is given without {@code policy}
         */
        public Expectation {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(rule, "rule");
            if (rule.isPresent() && policy.isEmpty()) {
                throw new IllegalArgumentException("an expected rule needs the policy it belongs to");
            }
        }

        /**
         * Only a verdict.
         *
         * @param verdict the verdict
         * @return the expectation
         */
        public static Expectation verdict(Verdict verdict) {
            return new Expectation(verdict, Optional.empty(), Optional.empty());
        }

        /**
         * For messages, e.g. {@code deny by drop-other-ingress ingress[0]}.
         *
         * @return the text
         */
        @Override
        public String toString() {
            return verdict + policy.map(p -> " by " + p).orElse("") + rule.map(r -> " " + r).orElse("");
        }
    }

    /**
     * A rule of a policy by its index (0-based, as in {@code spec.ingress[0]}), in one direction or either.
     *
     * @param direction ingress or egress; empty for whichever the deciding stage looks at
     * @param index the index, at least 0
     */
    public record RuleIndex(Optional<Direction> direction, int index) {

        /**
         * Checks the index.
         *
         * @param direction the direction, if any
         * @param index the index
         * @throws IllegalArgumentException when the index is negative
         */
        public RuleIndex {
            Objects.requireNonNull(direction, "direction");
            if (index < 0) {
                throw new IllegalArgumentException("a rule index is 0 or more, not " + index);
            }
        }

        /**
         * Parses {@code 2}, {@code ingress[2]} or {@code egress[0]}.
         *
         * @param text the text
         * @return the index, or empty when the text is none of those
         */
        public static Optional<RuleIndex> parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            Optional<Direction> direction = Optional.empty();
            for (Direction d : Direction.values()) {
                String prefix = d.name().toLowerCase(Locale.ROOT) + "[";
                if (t.startsWith(prefix) && t.endsWith("]")) {
                    direction = Optional.of(d);
                    t = t.substring(prefix.length(), t.length() - 1);
                }
            }
            if (!t.matches("[0-9]{1,6}")) {
                return Optional.empty();
            }
            return Optional.of(new RuleIndex(direction, Integer.parseInt(t)));
        }

        /**
         * Whether a rule in {@code d} at {@code i} is this one.
         *
         * @param d the rule's direction
         * @param i the rule's index
         * @return true when they match
         */
        public boolean matches(Direction d, int i) {
            return i == index && direction.map(x -> x == d).orElse(true);
        }

        /**
         * E.g. {@code ingress[0]}, or {@code rule 0} without a direction.
         *
         * @return the text
         */
        @Override
        public String toString() {
            return direction.map(d -> d.name().toLowerCase(Locale.ROOT) + "[" + index + "]").orElse("rule " + index);
        }
    }
}

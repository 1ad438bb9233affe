package io.hostwall.compiler.policytest;

import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.model.Names;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions about packets on a compiled node for unit tests (JUnit 5 or any other framework: a failed assertion
 * throws {@link AssertionError}, whose message carries the full explanation of what decided instead). Every check
 * also fails when the compiled ruleset and the policy disagree, which is a bug in hostwall's compiler.
 *
 * <pre>{@code
 * CompiledNode node1 = Hostwall.create().compile(cluster, "node1", facts);
 * assertThat(node1).denies(Packet.tcp("203.0.113.7", 40000, "10.240.0.11", 22).in("eth0").build())
 *         .decidedBy("drop-other-ingress");
 * assertThat(node1).allows(Packet.tcp("10.240.0.12", 40000, "10.240.0.11", 22).in("eth0").build());
 * }</pre>
 */
public final class HostwallAssertions {
    private HostwallAssertions() {}

    /**
     * Starts assertions about a node.
     *
     * @param node the compiled node
     * @return assertions about it
     */
    public static NodeAssert assertThat(CompiledNode node) {
        return new NodeAssert(Objects.requireNonNull(node, "node"));
    }

    /** Assertions about the packets of one compiled node. */
    public static final class NodeAssert {
        private final CompiledNode node;

        private NodeAssert(CompiledNode node) {
            this.node = node;
        }

        /**
         * Asserts that the node allows the packet.
         *
         * @param packet the packet
         * @return assertions about the packet's explanation, e.g. {@link PacketAssert#decidedBy(String)}
         * @throws AssertionError when it is denied, or the ruleset and the policy disagree
         */
        public PacketAssert allows(Packet packet) {
            return expect(packet, Verdict.ALLOW);
        }

        /**
         * Asserts that the node denies the packet.
         *
         * @param packet the packet
         * @return assertions about the packet's explanation
         * @throws AssertionError when it is allowed, or the ruleset and the policy disagree
         */
        public PacketAssert denies(Packet packet) {
            return expect(packet, Verdict.DENY);
        }

        private PacketAssert expect(Packet packet, Verdict verdict) {
            Explanation e = node.explain(Objects.requireNonNull(packet, "packet"));
            PacketAssert a = new PacketAssert(e);
            a.hold(new PolicyTestCase.Expectation(verdict, Optional.empty(), Optional.empty()));
            return a;
        }
    }

    /** Assertions about one packet whose verdict was already checked. */
    public static final class PacketAssert {
        private final Explanation explanation;

        private PacketAssert(Explanation explanation) {
            this.explanation = explanation;
        }

        /**
         * Asserts that a rule of this policy (or profile) decided.
         *
         * @param policy the policy's name, e.g. {@code drop-other-ingress}
         * @return this
         * @throws AssertionError when something else decided (a failsafe, a tier's default deny, another policy)
         */
        public PacketAssert decidedBy(String policy) {
            hold(new PolicyTestCase.Expectation(explanation.verdict(), Optional.of(policy), Optional.empty()));
            return this;
        }

        /**
         * Asserts that one rule of this policy (or profile) decided.
         *
         * @param policy the policy's name
         * @param rule {@code ingress[0]}, {@code egress[1]} or a bare index
         * @return this
         * @throws AssertionError when another rule decided
         * @throws IllegalArgumentException when {@code rule} is not a rule index
         */
        public PacketAssert decidedBy(String policy, String rule) {
            PolicyTestCase.RuleIndex index = PolicyTestCase.RuleIndex.parse(rule).orElseThrow(() ->
                    new IllegalArgumentException("not a rule index such as 0, ingress[0] or egress[1]: "
                            + Names.quote(rule)));
            hold(new PolicyTestCase.Expectation(explanation.verdict(), Optional.of(policy), Optional.of(index)));
            return this;
        }

        /**
         * The packet's explanation, for further checks.
         *
         * @return the explanation
         */
        public Explanation explanation() {
            return explanation;
        }

        private void hold(PolicyTestCase.Expectation expect) {
            Optional<Checks.Failure> f = Checks.check(explanation, expect);
            if (f.isPresent()) {
                throw new AssertionError(f.get().message() + "\n" + explanation.text());
            }
        }
    }
}

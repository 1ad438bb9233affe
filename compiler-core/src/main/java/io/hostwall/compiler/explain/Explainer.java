package io.hostwall.compiler.explain;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.ir.Ruleset;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.model.PolicySet;

/**
 * Explains packets on one node: the oracle reads the policy set, the interpreter runs the ruleset compiled from it
 * (the caller compiles: this package never calls the compiler, so that the two stories stay independent). Built once
 * per node and ruleset; thread-safe.
 */
public final class Explainer {
    private final String node;
    private final PolicyOracle oracle;
    private final RulesetInterpreter interpreter;

    /**
     * For a node compiled without host facts.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the options {@code ruleset} was compiled with
     * @param ruleset the ruleset compiled from {@code set} for {@code node} with {@code options}
     * @throws io.hostwall.compiler.oracle.OracleInputException when the set is one the compiler rejects
     */
    public Explainer(PolicySet set, String node, CompileOptions options, Ruleset ruleset) {
        this(set, node, options, NodeFacts.none(), ruleset);
    }

    /**
     * For a node compiled with host facts.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the options {@code ruleset} was compiled with
     * @param facts the host facts {@code ruleset} was compiled with
     * @param ruleset the ruleset compiled from {@code set} for {@code node} with {@code options} and {@code facts}
     * @throws io.hostwall.compiler.oracle.OracleInputException when the set is one the compiler rejects
     */
    public Explainer(PolicySet set, String node, CompileOptions options, NodeFacts facts, Ruleset ruleset) {
        if (!ruleset.node().equals(node)) {
            throw new IllegalArgumentException("ruleset of node " + ruleset.node() + ", explaining node " + node);
        }
        this.node = node;
        this.oracle = new PolicyOracle(set, node, options, facts);
        this.interpreter = new RulesetInterpreter(ruleset);
    }

    /**
     * Explains one packet.
     *
     * @param packet the packet
     * @return the oracle's decision and the ruleset's run, side by side
     */
    public Explanation explain(Packet packet) {
        return new Explanation(node, oracle.evaluate(packet), interpreter.run(packet));
    }
}

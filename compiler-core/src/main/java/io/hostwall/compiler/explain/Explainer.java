package io.hostwall.compiler.explain;

import io.hostwall.compiler.CompileOptions;
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
     * @param ruleset the ruleset compiled from {@code set} for {@code node} with {@code options}
     * @throws io.hostwall.compiler.oracle.OracleInputException when the set is one the compiler rejects
     */
    public Explainer(PolicySet set, String node, CompileOptions options, Ruleset ruleset) {
        if (!ruleset.node().equals(node)) {
            throw new IllegalArgumentException("ruleset of node " + ruleset.node() + ", explaining node " + node);
        }
        this.node = node;
        this.oracle = new PolicyOracle(set, node, options);
        this.interpreter = new RulesetInterpreter(ruleset);
    }

    public Explanation explain(Packet packet) {
        return new Explanation(node, oracle.evaluate(packet), interpreter.run(packet));
    }
}

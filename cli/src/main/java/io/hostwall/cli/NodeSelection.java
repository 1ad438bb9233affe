package io.hostwall.cli;

import io.hostwall.compiler.lint.Linter;
import io.hostwall.model.PolicySet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --node NAME | --all-nodes}. */
final class NodeSelection {
    @Option(names = "--node", paramLabel = "NAME", description = "The node to compile for (a HostEndpoint's spec.node).")
    String node;

    @Option(names = "--all-nodes", description = "Every node that has a HostEndpoint.")
    boolean allNodes;

    /** The chosen nodes; {@code --all-nodes} means every node with a host endpoint, sorted. */
    List<String> resolve(PolicySet set) {
        if (node != null) {
            if (!node.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
                throw new UserInputException("--node: not a valid node name: " + Quote.of(node));
            }
            return List.of(node);
        }
        return Linter.nodes(set);
    }
}

package io.hostwall.cli;

import picocli.CommandLine.Option;

/** {@code --allow-empty-node}: a {@code --node} that no HostEndpoint names is intended, not a typo. */
final class EmptyNodeFlag {
    @Option(names = "--allow-empty-node",
            description = "Accept a --node that no HostEndpoint names (its ruleset then polices no interface);"
                    + " without it such a node is refused as a probable typo.")
    boolean allowEmptyNode;
}

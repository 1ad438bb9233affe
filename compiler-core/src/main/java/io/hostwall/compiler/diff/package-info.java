/**
 * What changes between two versions of a cluster's manifests, node by node: {@link
 * io.hostwall.compiler.diff.RulesetDiff} over the IR (chains, rules and set elements, each rule with its typed origin),
 * {@link io.hostwall.compiler.diff.NodeDiff} adding host endpoints, rendered documents ({@link
 * io.hostwall.compiler.diff.UnifiedDiff}) and probe verdicts, and {@link io.hostwall.compiler.diff.DiffReport} for
 * text and JSON. {@code hostwall diff} is this package on the command line.
 */
package io.hostwall.compiler.diff;

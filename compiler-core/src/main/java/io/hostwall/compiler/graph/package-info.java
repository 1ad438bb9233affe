/**
 * A node's ruleset as a Graphviz DOT graph ({@link io.hostwall.compiler.graph.RulesetGraph}), optionally with the path
 * one packet takes. {@code hostwall graph} is this package on the command line.
 */
package io.hostwall.compiler.graph;

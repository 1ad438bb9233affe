/**
 * Explanations of a packet's verdict: the oracle's decision (policy terms) beside the interpreter's run of the
 * compiled ruleset (kernel terms), as text and as plain maps for JSON.
 *
 * <pre>{@code
 * Explainer explainer = new Explainer(policySet, "node1", options, compiled.ruleset());
 * Explanation e = explainer.explain(packet);
 * e.text();    // last line "verdict: allow|deny"
 * e.toMap();   // verdict, stages, trace, ...
 * }</pre>
 */
package io.hostwall.compiler.explain;

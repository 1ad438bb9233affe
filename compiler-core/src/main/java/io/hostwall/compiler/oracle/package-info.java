/**
 * The reference oracle: a packet's verdict on one node, computed straight from the policy model as
 * {@code compiler-core/SEMANTICS.md} describes it, independently of the compiler and its IR.
 *
 * <pre>{@code
 * PolicyOracle oracle = PolicyOracle.of(policySet, "node1", CompileOptions.defaults());
 * Decision d = oracle.evaluate(packet);
 * d.verdict();   // ALLOW or DENY
 * d.stages();    // every stage the packet met: effect, reason (rule, failsafe, default, ...)
 * d.text();      // readable; the last line is "verdict: allow|deny"
 * }</pre>
 */
package io.hostwall.compiler.oracle;

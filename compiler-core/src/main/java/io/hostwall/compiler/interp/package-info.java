/**
 * The IR interpreter: runs a packet through a compiled {@link io.hostwall.ir.Ruleset} hook by hook, as the
 * kernel would (base chains by priority, conntrack, DNAT, marks, jump/goto/return), recording every rule it meets.
 *
 * <pre>{@code
 * RulesetInterpreter interpreter = new RulesetInterpreter(compiled.ruleset());
 * InterpretedPacket run = interpreter.run(packet);
 * run.verdict();   // ALLOW or DENY
 * run.matched();   // the IR rules whose matches held, with chain, index and origin
 * }</pre>
 */
package io.hostwall.compiler.interp;

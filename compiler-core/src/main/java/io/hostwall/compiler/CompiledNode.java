package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Ruleset;
import io.hostwall.model.Problem;

/** The result of compiling one node: the ruleset and what the user should know about it. */
public record CompiledNode(Ruleset ruleset, ImmutableList<Problem> warnings) {}

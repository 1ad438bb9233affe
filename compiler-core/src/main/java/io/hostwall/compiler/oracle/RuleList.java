package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;

/**
 * The rules a policy or profile has for one direction, in order. May be empty: a policy that governs a direction
 * without rules for it still takes part (and so leads to the end-of-tier default).
 */
record RuleList(String name, ImmutableList<CompiledRule> rules) {}

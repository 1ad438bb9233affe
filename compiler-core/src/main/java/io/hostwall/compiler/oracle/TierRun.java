package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.TierAction;

/** One tier as a stage+direction runs it: its policies (in order) and its default action. */
record TierRun(String name, TierAction defaultAction, ImmutableList<RuleList> policies) {}

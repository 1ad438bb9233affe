package io.hostwall.compiler.interp;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.eval.Verdict;

/** What the ruleset did with a packet: the verdict and every matching rule, in order. */
public record InterpretedPacket(Verdict verdict, ImmutableList<TracedRule> matched) {}

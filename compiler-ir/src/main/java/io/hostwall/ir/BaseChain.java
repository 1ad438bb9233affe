package io.hostwall.ir;

import com.google.common.collect.ImmutableList;

/**
 * A chain attached to a hook at the priority of {@code table}. Its policy is accept: a packet that runs off its
 * end (or returns) continues through the rest of the kernel's processing.
 */
public record BaseChain(String name, TableKind table, Hook hook, ImmutableList<IrRule> rules) {}

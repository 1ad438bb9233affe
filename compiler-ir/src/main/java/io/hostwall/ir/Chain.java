package io.hostwall.ir;

import com.google.common.collect.ImmutableList;

/**
 * A regular (non-base) chain. Chains belong to no table: a backend that needs per-table chains (iptables) copies
 * a chain into every table whose base chains reach it.
 */
public record Chain(String name, ImmutableList<IrRule> rules) {}

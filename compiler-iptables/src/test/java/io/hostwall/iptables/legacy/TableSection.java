package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.TableKind;

/** What hostwall writes into one table of one family: its chains (base chains first) and the hooks into them. */
record TableSection(TableKind table, ImmutableList<OwnChain> chains, ImmutableList<HookRule> hooks) {}

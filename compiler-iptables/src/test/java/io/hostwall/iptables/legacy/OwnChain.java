package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;

/** A chain hostwall owns in one table of one family's document, with its rules (the text after {@code -A NAME}). */
record OwnChain(String name, ImmutableList<String> rules) {}

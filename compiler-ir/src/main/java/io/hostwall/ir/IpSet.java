package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.IpFamily;

/**
 * A named set of one family. Within one ruleset a name stands for one set. Names are at most 31 characters and made
 * of {@code [A-Za-z0-9_-]}, so every backend can use them as they are. The compiler names a set a selector resolves
 * to by the selector (its identity: the name stays when members join or leave) and a literal list of networks by its
 * members (content-addressed). Members are sorted.
 */
public record IpSet(String name, IpFamily family, SetType type, ImmutableList<SetMember> members) {}

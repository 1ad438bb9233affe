package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import io.hostwall.net.IpFamily;

/**
 * A named set of one family. Names are content-addressed (equal members, equal name), at most 31 characters
 * and made of {@code [A-Za-z0-9_-]}, so every backend can use them as they are. Members are sorted.
 */
public record IpSet(String name, IpFamily family, SetType type, ImmutableList<SetMember> members) {}

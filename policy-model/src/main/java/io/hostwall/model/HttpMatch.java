package io.hostwall.model;

import com.google.common.collect.ImmutableList;

/** A rule's {@code http} clause. Accepted by the model; host endpoints cannot enforce it. */
public record HttpMatch(ImmutableList<String> methods, ImmutableList<HttpPath> paths) {

    /** One {@code paths} entry: {@code exact: /p} or {@code prefix: /p}. */
    public record HttpPath(boolean exact, String path) {}
}

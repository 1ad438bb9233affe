package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.Set;

/**
 * A rule's {@code http} clause. Accepted by the model; host endpoints cannot enforce it.
 *
 * @param methods HTTP methods, at most 20, none twice
 * @param paths paths, at most 20
 */
public record HttpMatch(ImmutableList<String> methods, ImmutableList<HttpPath> paths) {

    /**
     * Checks the lists.
     *
     * @param methods HTTP methods, at most 20, none twice
     * @param paths paths, at most 20
     * @throws InvalidResourceException if a list is too long or a method is listed twice
     */
    public HttpMatch {
        methods = Checks.list(methods, "methods");
        paths = Checks.list(paths, "paths");
        Checks.check("methods", ModelRules.httpCountProblem("methods", methods.size()));
        Checks.check("paths", ModelRules.httpCountProblem("paths", paths.size()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < methods.size(); i++) {
            Checks.check("methods[" + i + "]", ModelRules.httpMethodRepeatedProblem(methods.get(i),
                    seen.add(methods.get(i))));
        }
    }

    /**
     * One {@code paths} entry: {@code exact: /p} or {@code prefix: /p}.
     *
     * @param exact true for {@code exact}, false for {@code prefix}
     * @param path the path: starts with '/', no '?', '#' or whitespace
     */
    public record HttpPath(boolean exact, String path) {
        /**
         * Checks the path.
         *
         * @param exact true for {@code exact}, false for {@code prefix}
         * @param path the path: starts with '/', no '?', '#' or whitespace
         * @throws InvalidResourceException if the path breaks the rule
         */
        public HttpPath {
            Checks.nonNull(path, "path");
            Checks.check(exact ? "exact" : "prefix", ModelRules.httpPathProblem(path));
        }
    }
}

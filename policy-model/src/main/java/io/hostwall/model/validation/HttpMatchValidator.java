package io.hostwall.model.validation;

import io.hostwall.model.HttpMatch;
import io.hostwall.model.ModelRules;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.Scalars;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A rule's {@code http} clause (Calico's validateHTTPRule). The model accepts it; host endpoints cannot enforce it,
 * and the compiler says so.
 */
final class HttpMatchValidator {
    private static final ImmutableSet<String> FIELDS = ImmutableSet.of("methods", "paths");
    private static final ImmutableSet<String> PATH_FIELDS = ImmutableSet.of("exact", "prefix");

    private HttpMatchValidator() {}

    static Optional<HttpMatch> read(Fields rule) {
        Optional<Fields> http = rule.mapping("http", FIELDS);
        if (http.isEmpty()) {
            return Optional.empty();
        }
        Fields h = http.get();
        int before = h.report().count();
        ImmutableList<String> methods = methods(h);
        ImmutableList<HttpMatch.HttpPath> paths = paths(h);
        return h.report().count() == before ? Optional.of(new HttpMatch(methods, paths)) : Optional.empty();
    }

    private static ImmutableList<String> methods(Fields h) {
        ImmutableList<Fields.Item> items = h.list("methods");
        capped(h, "methods", items.size());
        ImmutableList.Builder<String> methods = ImmutableList.builder();
        Set<String> seen = new HashSet<>();
        for (Fields.Item item : items) {
            Scalars.string(item.node(), item.path(), h.report()).ifPresent(m -> {
                ModelRules.httpMethodRepeatedProblem(m, seen.add(m))
                        .ifPresent(p -> h.report().add(item.node(), item.path(), p));
                methods.add(m);
            });
        }
        return methods.build();
    }

    private static ImmutableList<HttpMatch.HttpPath> paths(Fields h) {
        ImmutableList<Fields.Item> items = h.list("paths");
        capped(h, "paths", items.size());
        ImmutableList.Builder<HttpMatch.HttpPath> paths = ImmutableList.builder();
        for (Fields.Item item : items) {
            Optional<Fields> p = Fields.of(item.node(), item.path(), h.report(), PATH_FIELDS);
            if (p.isEmpty()) {
                continue;
            }
            Optional<String> exact = p.get().nonEmptyString("exact");
            Optional<String> prefix = p.get().nonEmptyString("prefix");
            if (exact.isPresent() && prefix.isPresent()) {
                h.report().add(item.node(), item.path(), "set exactly one of exact and prefix, not both");
            } else if (exact.isEmpty() && prefix.isEmpty()) {
                h.report().add(item.node(), item.path(), "set exact or prefix");
            } else {
                String key = exact.isPresent() ? "exact" : "prefix";
                String path = exact.orElseGet(prefix::get);
                Optional<String> problem = ModelRules.httpPathProblem(path);
                if (problem.isPresent()) {
                    p.get().problem(key, problem.get());
                } else {
                    paths.add(new HttpMatch.HttpPath(exact.isPresent(), path));
                }
            }
        }
        return paths.build();
    }

    private static void capped(Fields h, String key, int size) {
        ModelRules.httpCountProblem(key, size).ifPresent(p -> h.problem(key, p));
    }
}

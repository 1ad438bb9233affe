package io.hostwall.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the records' constructors share: refusing a problem at a field, and null-safe copies. */
final class Checks {
    private Checks() {}

    /** Throws {@link InvalidResourceException} at {@code field} when there is a problem. */
    static void check(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new InvalidResourceException(field, problem.get());
        }
    }

    static <T> T nonNull(T value, String field) {
        return Objects.requireNonNull(value, field);
    }

    /** An immutable copy; a null list or element is refused with the field's name. */
    static <T> ImmutableList<T> list(Iterable<? extends T> items, String field) {
        Objects.requireNonNull(items, field);
        for (T item : items) {
            Objects.requireNonNull(item, field + " element");
        }
        return ImmutableList.copyOf(items);
    }

    /** An immutable sorted copy; null keys or values are refused with the field's name. */
    static ImmutableSortedMap<String, String> map(Map<String, String> map, String field) {
        Objects.requireNonNull(map, field);
        map.forEach((k, v) -> {
            Objects.requireNonNull(k, field + " key");
            Objects.requireNonNull(v, field + " value");
        });
        return ImmutableSortedMap.copyOf(map);
    }

    /** Labels: key and value rules of {@code what} ("label", "labelsToApply"), at {@code path[key]}. */
    static void labels(ImmutableSortedMap<String, String> labels, String path, String what) {
        labels.forEach((k, v) -> {
            check(path + "[" + Names.printable(k) + "]", ModelRules.labelKeyProblem(what, k));
            check(path + "[" + Names.printable(k) + "]", ModelRules.labelValueProblem(what, v));
        });
    }

    /** The name and labels of a resource. */
    static void metadata(ResourceKind kind, String name, ImmutableSortedMap<String, String> labels) {
        check("metadata.name", ModelRules.nameProblem(kind, name));
        labels(labels, "metadata.labels", "label");
        labels.keySet().forEach(k -> check("metadata.labels[" + Names.printable(k) + "]",
                ModelRules.reservedLabelProblem(kind, k)));
    }

    /** {@code 0.0} for {@code -0.0}: the two are one order, and OptionalDouble equality tells them apart. */
    static java.util.OptionalDouble order(java.util.OptionalDouble order, String field) {
        Objects.requireNonNull(order, field);
        if (order.isEmpty()) {
            return order;
        }
        check(field, ModelRules.orderProblem(order.getAsDouble()));
        return order.getAsDouble() == 0 ? java.util.OptionalDouble.of(0.0) : order;
    }

    /** The rules of one direction of a policy or profile: their number and what the direction forbids. */
    static void rules(ImmutableList<Rule> rules, Direction direction) {
        String key = "spec." + (direction == Direction.INGRESS ? "ingress" : "egress");
        check(key, ModelRules.ruleCountProblem(rules.size()));
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String at = key + "[" + i + "]";
            if (r.http().isPresent()) {
                check(at + ".http", ModelRules.httpDirectionProblem(direction));
            }
            if (r.source().services().isPresent()) {
                check(at + ".source.services", ModelRules.sourceServicesProblem(direction));
            }
            if (r.destination().services().isPresent()) {
                check(at + ".destination.services", ModelRules.destinationServicesProblem(direction));
            }
        }
    }
}

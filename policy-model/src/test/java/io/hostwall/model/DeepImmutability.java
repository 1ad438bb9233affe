package io.hostwall.model;

import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableMap;
import io.hostwall.selector.Selector;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Walks a model value and fails on anything that could change after loading: every object must be a record, an
 * enum, a Guava immutable collection, or one of the few immutable value classes the model uses.
 */
final class DeepImmutability {
    private DeepImmutability() {}

    static void check(Object value, String path) {
        if (value == null) {
            throw new AssertionError(path + " is null");
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof OptionalInt || value instanceof OptionalDouble || value instanceof Cidr
                || value instanceof Selector || value instanceof InetAddress) {
            return;
        }
        if (value instanceof Optional<?> o) {
            o.ifPresent(v -> check(v, path + ".get()"));
            return;
        }
        if (value instanceof Collection<?> c) {
            if (!(c instanceof ImmutableCollection<?>)) {
                throw new AssertionError(path + " is a mutable " + c.getClass().getName());
            }
            int i = 0;
            for (Object e : c) {
                check(e, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            if (!(m instanceof ImmutableMap<?, ?>)) {
                throw new AssertionError(path + " is a mutable " + m.getClass().getName());
            }
            m.forEach((k, v) -> {
                check(k, path + ".key");
                check(v, path + "[" + k + "]");
            });
            return;
        }
        if (value.getClass().isRecord()) {
            for (RecordComponent rc : value.getClass().getRecordComponents()) {
                try {
                    check(rc.getAccessor().invoke(value), path + "." + rc.getName());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(path + "." + rc.getName() + ": " + e, e);
                }
            }
            return;
        }
        throw new AssertionError(path + " is a " + value.getClass().getName() + ", not a known immutable type");
    }
}

package io.hostwall.spi;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the backends on the class path. */
public final class Backends {
    private Backends() {}

    /** Every backend on the class path, by name. Two backends with one name is a packaging error. */
    public static ImmutableSortedMap<String, Backend> all() {
        ImmutableSortedMap.Builder<String, Backend> b = ImmutableSortedMap.naturalOrder();
        for (Backend backend : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
            b.put(backend.name(), backend);
        }
        return b.buildOrThrow();
    }

    public static Optional<Backend> named(String name) {
        return Optional.ofNullable(all().get(name));
    }
}

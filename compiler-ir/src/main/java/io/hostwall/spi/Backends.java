package io.hostwall.spi;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the backends on the class path. */
public final class Backends {
    private Backends() {}

    /**
     * Every backend on the class path or module path, by name.
     *
     * @return the backends, sorted by name
     * @throws IllegalArgumentException if two backends have one name (a packaging error)
     */
    public static ImmutableSortedMap<String, Backend> all() {
        ImmutableSortedMap.Builder<String, Backend> b = ImmutableSortedMap.naturalOrder();
        for (Backend backend : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
            b.put(backend.name(), backend);
        }
        return b.buildOrThrow();
    }

    /**
     * The backend of a name.
     *
     * @param name the backend's {@link Backend#name()}
     * @return the backend, or empty if none has that name
     */
    public static Optional<Backend> named(String name) {
        return Optional.ofNullable(all().get(name));
    }
}

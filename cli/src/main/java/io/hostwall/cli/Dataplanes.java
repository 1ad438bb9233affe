package io.hostwall.cli;

import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.spi.Backend;
import io.hostwall.spi.RenderOptions;
import java.util.Optional;

/**
 * Where {@code apply}, {@code watch} and {@code remove} get their {@link Dataplane}: the backend's own, driving the
 * real tools in the current network namespace. Tests replace {@link #factory} with an in-memory kernel, so the
 * commands' logic is tested without root and no test can touch the machine's firewall by accident.
 */
final class Dataplanes {
    private Dataplanes() {}

    /** Makes the dataplane of a backend. */
    @FunctionalInterface
    interface Factory {
        Optional<Dataplane> of(Backend backend, RenderOptions options);
    }

    /** The real one: the backend's dataplane over {@link ToolRunner#system()}. Package-private for tests. */
    static volatile Factory factory = (backend, options) -> backend.dataplane(options, ToolRunner.system());

    /** The backend's dataplane, or a user error naming the backends that have one. */
    static Dataplane of(Backend backend, RenderOptions options) {
        return factory.of(backend, options).orElseThrow(() -> new UserInputException("--backend " + backend.name()
                + " cannot write the kernel (it only renders documents)"));
    }
}

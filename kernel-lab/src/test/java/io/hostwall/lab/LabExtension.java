package io.hostwall.lab;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives kernel tests the shared {@link Lab}: resets the node before each test and fails a test that sent no
 * probe (a kernel proof that sent no packet proves nothing, whatever its assertions say).
 */
final class LabExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Stored in the root context, so JUnit closes it once, after the last test class, pass or fail.
        context.getRoot().getStore(NS).getOrComputeIfAbsent("lab", k -> {
            SharedLab.get();
            return (ExtensionContext.Store.CloseableResource) SharedLab::closeIfOpen;
        });
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Lab lab = SharedLab.get();
        lab.reset();
        context.getStore(NS).put("probes", lab.probesSent());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("probes", Long.class);
        if (context.getExecutionException().isEmpty() && SharedLab.get().probesSent() == before) {
            throw new AssertionError(context.getDisplayName() + " sent no probe: it proves nothing about the kernel");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return SharedLab.get();
    }
}

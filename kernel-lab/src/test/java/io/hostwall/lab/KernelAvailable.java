package io.hostwall.lab;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * jqwik's counterpart of the Jupiter assumption in {@link KernelPreconditions#require()}: skips a property container
 * when the machine cannot host the lab (jqwik reports an exception in {@code @BeforeContainer} as an error, not a
 * skip), and fails it under CI.
 */
public final class KernelAvailable implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return KernelPreconditions.skipReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }
}

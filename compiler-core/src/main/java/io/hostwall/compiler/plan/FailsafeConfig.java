package io.hostwall.compiler.plan;

import io.hostwall.compiler.CompileOptions;
import com.google.common.collect.ImmutableList;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.PolicySet;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failsafe lists in force for a node: the compile options' override, else the FelixConfiguration
 * {@code node.<node>}, else {@code default}, else Felix's built-in defaults (HD §2.5) — per direction, as Felix
 * resolves each parameter on its own.
 */
public record FailsafeConfig(ImmutableList<FailsafePort> inbound, ImmutableList<FailsafePort> outbound) {

    public static FailsafeConfig resolve(PolicySet set, String node, CompileOptions options) {
        return new FailsafeConfig(
                options.inboundFailsafes().orElseGet(() -> fromConfig(set, node,
                        FelixConfiguration::failsafeInboundHostPorts)
                        .orElse(FelixConfiguration.DEFAULT_FAILSAFE_INBOUND_HOST_PORTS)),
                options.outboundFailsafes().orElseGet(() -> fromConfig(set, node,
                        FelixConfiguration::failsafeOutboundHostPorts)
                        .orElse(FelixConfiguration.DEFAULT_FAILSAFE_OUTBOUND_HOST_PORTS)));
    }

    private static Optional<ImmutableList<FailsafePort>> fromConfig(PolicySet set, String node,
            Function<FelixConfiguration, Optional<ImmutableList<FailsafePort>>> field) {
        for (String name : new String[] {"node." + node, "default"}) {
            for (FelixConfiguration fc : set.felixConfigurations()) {
                if (fc.name().equals(name) && field.apply(fc).isPresent()) {
                    return field.apply(fc);
                }
            }
        }
        return Optional.empty();
    }
}

package io.hostwall.compiler.plan;

import io.hostwall.compiler.CompileOptions;
import com.google.common.collect.ImmutableList;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failsafe lists in force for a node: the compile options' override, else the FelixConfiguration
 * {@code node.<node>}, else {@code default}, else Felix's built-in defaults (HD §2.5) — per direction, as Felix
 * resolves each parameter on its own.
 */
public record FailsafeConfig(ImmutableList<FailsafePort> inbound, ImmutableList<FailsafePort> outbound) {

    static final ImmutableList<FailsafePort> DEFAULT_INBOUND = ImmutableList.of(
            tcp(22), udp(68), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667));
    static final ImmutableList<FailsafePort> DEFAULT_OUTBOUND = ImmutableList.of(
            udp(53), udp(67), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667));

    public static FailsafeConfig resolve(PolicySet set, String node, CompileOptions options) {
        return new FailsafeConfig(
                options.inboundFailsafes().orElseGet(() -> fromConfig(set, node,
                        FelixConfiguration::failsafeInboundHostPorts).orElse(DEFAULT_INBOUND)),
                options.outboundFailsafes().orElseGet(() -> fromConfig(set, node,
                        FelixConfiguration::failsafeOutboundHostPorts).orElse(DEFAULT_OUTBOUND)));
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

    private static FailsafePort tcp(int port) {
        return new FailsafePort(Protocol.TCP, port, Optional.empty());
    }

    private static FailsafePort udp(int port) {
        return new FailsafePort(Protocol.UDP, port, Optional.empty());
    }
}

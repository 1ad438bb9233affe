package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.oracle.Reason.FailsafeList;
import io.hostwall.net.Cidr;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.FelixConfiguration;
import io.hostwall.model.PolicySet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The failsafe lists of one node (SEMANTICS §7) and how each stage matches them. */
final class Failsafes {
    private final ImmutableList<FailsafePort> inbound;
    private final ImmutableList<FailsafePort> outbound;
    private final ImmutableList<Entry> inboundEntries;
    private final ImmutableList<Entry> outboundEntries;

    /** An entry with its net as raw bytes (empty array: no net), so matching allocates nothing. */
    private record Entry(FailsafePort port, byte[] net, int prefix) {
        static Entry of(FailsafePort p) {
            return new Entry(p, p.net().map(Cidr::addressBytes).orElse(new byte[0]),
                    p.net().map(Cidr::prefixLength).orElse(0));
        }
    }

    Failsafes(ImmutableList<FailsafePort> inbound, ImmutableList<FailsafePort> outbound) {
        this.inbound = inbound;
        this.outbound = outbound;
        // SEMANTICS §7: a port-0 entry is left out (compile warns). Felix would render "--dport 0"; hostwall's
        // port ranges start at 1, a documented difference that only packets to port 0 could see.
        this.inboundEntries = inbound.stream().filter(p -> p.port() != 0).map(Entry::of)
                .collect(ImmutableList.toImmutableList());
        this.outboundEntries = outbound.stream().filter(p -> p.port() != 0).map(Entry::of)
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * Per list: the compile option if given; else the field of FelixConfiguration {@code node.<node>}; else the field
     * of {@code default}; else Felix's default. Resolved per field, as Felix resolves each parameter separately: a
     * {@code node.<node>} configuration that does not set a list leaves it to {@code default}.
     */
    static Failsafes resolve(PolicySet set, String node, CompileOptions options) {
        Optional<FelixConfiguration> perNode = config(set, "node." + node);
        Optional<FelixConfiguration> global = config(set, "default");
        return new Failsafes(
                options.inboundFailsafes().orElseGet(() -> pick(perNode, global,
                        FelixConfiguration::failsafeInboundHostPorts,
                        FelixConfiguration.DEFAULT_FAILSAFE_INBOUND_HOST_PORTS)),
                options.outboundFailsafes().orElseGet(() -> pick(perNode, global,
                        FelixConfiguration::failsafeOutboundHostPorts,
                        FelixConfiguration.DEFAULT_FAILSAFE_OUTBOUND_HOST_PORTS)));
    }

    ImmutableList<FailsafePort> inbound() {
        return inbound;
    }

    ImmutableList<FailsafePort> outbound() {
        return outbound;
    }

    /**
     * Ingress failsafes. Filter and mangle: the inbound list by destination port (+ source net). Raw adds the
     * outbound list as replies: by source port (+ source net).
     */
    Optional<Reason> ingress(PacketFacts p, boolean afterDnat, boolean raw) {
        for (Entry f : inboundEntries) {
            if (hits(f, p, p.destinationPort(afterDnat), p.sourceBytes)) {
                return Optional.of(new Reason.FailsafeMatch(FailsafeList.INBOUND, f.port(), false));
            }
        }
        if (raw) {
            for (Entry f : outboundEntries) {
                if (hits(f, p, p.sourcePort(), p.sourceBytes)) {
                    return Optional.of(new Reason.FailsafeMatch(FailsafeList.OUTBOUND, f.port(), true));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Egress failsafes. Filter and mangle: the outbound list by destination port (+ destination net). Raw adds the
     * inbound list as replies: by source port (+ destination net).
     */
    Optional<Reason> egress(PacketFacts p, boolean afterDnat, boolean raw) {
        byte[] destination = p.destinationBytes(afterDnat);
        for (Entry f : outboundEntries) {
            if (hits(f, p, p.destinationPort(afterDnat), destination)) {
                return Optional.of(new Reason.FailsafeMatch(FailsafeList.OUTBOUND, f.port(), false));
            }
        }
        if (raw) {
            for (Entry f : inboundEntries) {
                if (hits(f, p, p.sourcePort(), destination)) {
                    return Optional.of(new Reason.FailsafeMatch(FailsafeList.INBOUND, f.port(), true));
                }
            }
        }
        return Optional.empty();
    }

    /** Protocol and port equal; the entry's net (if any) holds {@code address}; an other-family net never applies. */
    private static boolean hits(Entry f, PacketFacts p, OptionalInt port, byte[] address) {
        if (f.port().protocol().number() != p.protocol || port.isEmpty() || port.getAsInt() != f.port().port()) {
            return false;
        }
        return f.net().length == 0
                || (f.net().length == address.length && NetSet.prefixMatches(f.net(), f.prefix(), address));
    }

    private static ImmutableList<FailsafePort> pick(Optional<FelixConfiguration> perNode,
            Optional<FelixConfiguration> global, Function<FelixConfiguration, Optional<ImmutableList<FailsafePort>>> field,
            ImmutableList<FailsafePort> felixDefault) {
        return perNode.flatMap(field).or(() -> global.flatMap(field)).orElse(felixDefault);
    }

    private static Optional<FelixConfiguration> config(PolicySet set, String name) {
        return set.felixConfigurations().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}

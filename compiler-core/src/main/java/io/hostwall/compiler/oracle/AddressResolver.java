package io.hostwall.compiler.oracle;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hostwall.net.Cidr;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.model.Protocol;
import io.hostwall.selector.Selector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SEMANTICS §4: what a rule selector or named port stands for. Selectors resolve to the {@code expectedIPs} of every
 * host endpoint in the cluster (any node) whose effective labels match, plus the nets of every matching
 * GlobalNetworkSet; nothing else. Results are cached: many rules share selectors.
 */
final class AddressResolver {
    private final ImmutableList<HostEndpoint> endpoints;
    private final ImmutableMap<String, ImmutableMap<String, String>> labels;
    private final ImmutableList<GlobalNetworkSet> networkSets;
    private final Map<Selector, NetSet> selectorCache = new HashMap<>();
    private final Map<NamedPortQuery, ImmutableSet<NamedPortMember>> portCache = new HashMap<>();

    /** {@code labels}: effective labels by host endpoint name. */
    AddressResolver(ImmutableList<HostEndpoint> endpoints, ImmutableMap<String, ImmutableMap<String, String>> labels,
            ImmutableList<GlobalNetworkSet> networkSets) {
        this.endpoints = endpoints;
        this.labels = labels;
        this.networkSets = networkSets;
    }

    NetSet addresses(Selector selector) {
        return selectorCache.computeIfAbsent(selector, this::resolve);
    }

    private NetSet resolve(Selector selector) {
        List<Cidr> out = new ArrayList<>();
        for (HostEndpoint h : endpoints) {
            if (selector.matches(labels.get(h.name()))) {
                h.expectedIPs().forEach(ip -> out.add(Cidr.host(ip)));
            }
        }
        for (GlobalNetworkSet s : networkSets) {
            if (selector.matches(s.labels())) {
                out.addAll(s.nets());
            }
        }
        return NetSet.of(out);
    }

    /**
     * The members of named port {@code name}: for every host endpoint matching {@code selector} (every endpoint when
     * absent) with a port of that name (and of {@code protocol} when the rule has one), each expected IP with that
     * port's protocol and number.
     */
    ImmutableSet<NamedPortMember> namedPort(Optional<Selector> selector, String name, Optional<Protocol> protocol) {
        return portCache.computeIfAbsent(new NamedPortQuery(selector, name, protocol), this::resolvePort);
    }

    private ImmutableSet<NamedPortMember> resolvePort(NamedPortQuery q) {
        ImmutableSet.Builder<NamedPortMember> out = ImmutableSet.builder();
        for (HostEndpoint h : endpoints) {
            if (q.selector().isPresent() && !q.selector().get().matches(labels.get(h.name()))) {
                continue;
            }
            for (EndpointPort port : h.ports()) {
                if (!port.name().equals(q.name())
                        || q.protocol().filter(p -> p.number() != port.protocol().number()).isPresent()) {
                    continue;
                }
                for (InetAddress ip : h.expectedIPs()) {
                    out.add(new NamedPortMember(ip, port.protocol().number(), port.port()));
                }
            }
        }
        return out.build();
    }

    private record NamedPortQuery(Optional<Selector> selector, String name, Optional<Protocol> protocol) {}
}

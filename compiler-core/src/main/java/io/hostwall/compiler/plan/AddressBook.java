package io.hostwall.compiler.plan;

import io.hostwall.compiler.chains.Coalesce;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.net.Cidr;
import io.hostwall.model.EndpointPort;
import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.HostEndpoint;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import io.hostwall.selector.Selector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What rule selectors can resolve to (SEMANTICS §4): the {@code expectedIPs} of every host endpoint in the
 * cluster and the nets of every GlobalNetworkSet, keyed by their labels. Results are memoised per canonical
 * selector, and candidates come from a {@link LabelIndex}, so the work grows with the selectors a node's rules
 * use, not with selectors × resources. The memos are concurrent: one book serves every node of a cluster (compiled
 * in parallel) and, while host endpoints, network sets and profiles stay the same, later versions of the cluster.
 * Profiling (issue 10) found a destination named port without a selector — every endpoint of the cluster — resolved
 * and sorted once per rule; {@link #namedPortMembers} now does it once per distinct question.
 */
public final class AddressBook {

    /** Something a selector can pick: its labels, its addresses, and (for endpoints) its named ports. */
    record Entry(ImmutableSortedMap<String, String> labels, ImmutableList<Cidr> nets, ImmutableList<InetAddress> ips,
            ImmutableList<EndpointPort> ports) {}

    private final ImmutableList<Entry> entries;
    private final LabelIndex<Entry> index;
    private final Map<String, ImmutableList<Entry>> memo = new ConcurrentHashMap<>();
    private final Map<NetworksKey, ImmutableList<Cidr>> networksMemo = new ConcurrentHashMap<>();
    private final Map<NamedPortsKey, ImmutableList<NamedPortMember>> namedPortsMemo = new ConcurrentHashMap<>();

    private record NetworksKey(Selector selector, IpFamily family) {}

    private record NamedPortsKey(Optional<Selector> selector, List<String> names, Optional<Protocol> protocol,
            IpFamily family) {}

    /** The order of named-port set members: address bytes (unsigned), protocol, port. */
    public static final Comparator<NamedPortMember> MEMBER_ORDER = Comparator.<NamedPortMember, byte[]>comparing(
                    m -> m.address().getAddress(), Arrays::compareUnsigned)
            .thenComparingInt(NamedPortMember::protocol)
            .thenComparingInt(NamedPortMember::port);

    public AddressBook(PolicySet set, EffectiveLabels labels) {
        ImmutableList.Builder<Entry> b = ImmutableList.builder();
        for (HostEndpoint hep : set.hostEndpoints()) {
            ImmutableList<Cidr> nets = hep.expectedIPs().stream().map(Cidr::host).collect(ImmutableList.toImmutableList());
            b.add(new Entry(labels.of(hep), nets, hep.expectedIPs(), hep.ports()));
        }
        for (GlobalNetworkSet gns : set.globalNetworkSets()) {
            b.add(new Entry(gns.labels(), gns.nets(), ImmutableList.of(), ImmutableList.of()));
        }
        this.entries = b.build();
        this.index = new LabelIndex<>(entries, Entry::labels);
    }

    /** Everything {@code selector} picks, in a stable order. */
    public ImmutableList<Entry> select(Selector selector) {
        return memo.computeIfAbsent(selector.toString(), k -> index.select(selector));
    }

    /** The networks of family {@code f} that {@code selector} resolves to, coalesced (no member inside another). */
    public ImmutableList<Cidr> networks(Selector selector, IpFamily f) {
        return networksMemo.computeIfAbsent(new NetworksKey(selector, f), k -> resolveNetworks(selector, f));
    }

    private ImmutableList<Cidr> resolveNetworks(Selector selector, IpFamily f) {
        List<Cidr> out = new ArrayList<>();
        for (Entry e : select(selector)) {
            for (Cidr c : e.nets()) {
                if (c.family() == f) {
                    out.add(c);
                }
            }
        }
        return Coalesce.networks(out);
    }

    /**
     * (ip, protocol, port) of every endpoint picked by {@code selector} (all endpoints when empty) that has a port
     * named {@code name}, with the rule's protocol when it has one.
     */
    public List<NamedPortMember> namedPort(Optional<Selector> selector, String name, Optional<Protocol> protocol, IpFamily f) {
        List<NamedPortMember> out = new ArrayList<>();
        for (Entry e : selector.map(this::select).orElse(entries)) {
            for (EndpointPort p : e.ports()) {
                if (!p.name().equals(name) || (protocol.isPresent() && !protocol.get().equals(p.protocol()))) {
                    continue;
                }
                for (InetAddress ip : e.ips()) {
                    if (IpFamily.of(ip) == f) {
                        out.add(new NamedPortMember(ip, p.protocol().number(), p.port()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The members of the named-port set for {@code names} (sorted, distinct) of the endpoints {@code selector} picks
     * (all when empty): distinct, in {@link #MEMBER_ORDER}. Memoised: the same question returns the same list.
     */
    public ImmutableList<NamedPortMember> namedPortMembers(Optional<Selector> selector, List<String> names,
            Optional<Protocol> protocol, IpFamily f) {
        return namedPortsMemo.computeIfAbsent(new NamedPortsKey(selector, List.copyOf(names), protocol, f), k -> {
            java.util.LinkedHashSet<NamedPortMember> all = new java.util.LinkedHashSet<>();
            for (String n : names) {
                all.addAll(namedPort(selector, n, protocol, f));
            }
            // MEMBER_ORDER with each address's bytes taken once: getAddress() copies, and the comparator called it
            // twice per comparison (5 % of a fresh compile's allocation, JFR).
            List<Keyed> keyed = new ArrayList<>(all.size());
            all.forEach(m -> keyed.add(new Keyed(m.address().getAddress(), m)));
            keyed.sort(KEYED_ORDER);
            ImmutableList.Builder<NamedPortMember> out = ImmutableList.builderWithExpectedSize(keyed.size());
            keyed.forEach(e -> out.add(e.member()));
            return out.build();
        });
    }

    private record Keyed(byte[] address, NamedPortMember member) {}

    private static final Comparator<Keyed> KEYED_ORDER = Comparator.<Keyed, byte[]>comparing(Keyed::address,
                    Arrays::compareUnsigned)
            .thenComparingInt(k -> k.member().protocol())
            .thenComparingInt(k -> k.member().port());

    public record NamedPortMember(InetAddress address, int protocol, int port) {}
}

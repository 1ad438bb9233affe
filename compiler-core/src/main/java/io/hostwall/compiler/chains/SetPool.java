package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.model.Protocol;
import io.hostwall.selector.Selector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the sets of a cluster once, however many rules, policies and nodes use them: building one means sorting its
 * members and hashing its name (SHA-256), which profiling showed to dominate a node's compile when every named-port
 * rule rebuilt its set of all the cluster's endpoints. Concurrent, shared by the nodes of one cluster; a pool never
 * outlives the {@code AddressBook} whose answers it holds.
 *
 * <p>How a set is named decides what a change of membership costs the live path. A set a selector resolves to (rule
 * {@code selector}/{@code notSelector}, named ports) is named by its <em>identity</em> — kind, family, canonical
 * selector (and port names and protocol) — as Felix names its IP sets by a hash of the selector: when an endpoint or
 * network set joins or leaves, the set keeps its name and only its elements change, so a 1,000-member set that gains
 * one member is one element written, and no rule that uses it changes. A literal {@code nets} list of a rule is named
 * by its members (content-addressed): it changes only when the policy does, and equal lists share one set. The two
 * kinds have different kind letters ({@code s}/{@code p} vs {@code n}), so their names never meet; within one cluster
 * an identity always has the same members (the address book memoises them), so a name always means one set.
 */
public final class SetPool {
    private final Names names;
    private final Map<NetKey, IpSet> networks = new ConcurrentHashMap<>();
    private final Map<SelectedKey, IpSet> selected = new ConcurrentHashMap<>();
    private final Map<PortKey, IpSet> addressPorts = new ConcurrentHashMap<>();

    private record NetKey(IpFamily family, ImmutableList<Cidr> nets) {}

    private record SelectedKey(IpFamily family, Selector selector) {}

    private record PortKey(IpFamily family, Optional<Selector> selector, List<String> portNames,
            Optional<Protocol> protocol) {}

    /**
     * A pool naming its sets with {@code names}.
     *
     * @param names the compile's naming scheme
     */
    public SetPool(Names names) {
        this.names = names;
    }

    /** The content-addressed set holding exactly {@code nets} (a rule's literal nets, coalesced, at least two). */
    IpSet networks(IpFamily family, ImmutableList<Cidr> nets) {
        return networks.computeIfAbsent(new NetKey(family, nets), k -> {
            ImmutableList<SetMember> members = nets.stream().sorted()
                    .map(SetMember.Network::new).collect(ImmutableList.toImmutableList());
            String key = "net|" + family + "|" + nets;
            return new IpSet(names.set(family.version(), 'n', key), family, SetType.NETWORKS, members);
        });
    }

    /**
     * The set of the networks {@code selector} resolves to in {@code family}: {@code nets}, as the address book gives
     * them for that selector (coalesced, at least two). Named by the selector, not by {@code nets}.
     */
    IpSet selected(IpFamily family, Selector selector, ImmutableList<Cidr> nets) {
        return selected.computeIfAbsent(new SelectedKey(family, selector), k -> {
            ImmutableList<SetMember> members = nets.stream().sorted()
                    .map(SetMember.Network::new).collect(ImmutableList.toImmutableList());
            return new IpSet(names.set(family.version(), 's', "sel|" + family + "|" + selector), family,
                    SetType.NETWORKS, members);
        });
    }

    /**
     * The named-port set of the endpoints {@code selector} picks (every endpoint when empty) for the port
     * {@code portNames} (sorted, distinct) with the rule's {@code protocol}: {@code members}, as the address book gives
     * them for that question (at least one, distinct, in {@link AddressBook#MEMBER_ORDER}). Named by the question.
     */
    IpSet addressPorts(IpFamily family, Optional<Selector> selector, List<String> portNames,
            Optional<Protocol> protocol, ImmutableList<AddressBook.NamedPortMember> members) {
        return addressPorts.computeIfAbsent(new PortKey(family, selector, portNames, protocol), k -> {
            ImmutableList.Builder<SetMember> sorted = ImmutableList.builderWithExpectedSize(members.size());
            for (AddressBook.NamedPortMember m : members) {
                sorted.add(new SetMember.AddressProtocolPort(m.address(), m.protocol(), m.port()));
            }
            // No selector picks every endpoint, which is what all() picks (network sets have no ports): one name.
            String key = "port|" + family + "|" + selector.map(Selector::toString).orElse(Selector.all().toString())
                    + "|" + String.join(",", portNames) + "|" + protocol.map(p -> Integer.toString(p.number())).orElse("*");
            return new IpSet(names.set(family.version(), 'p', key), family, SetType.ADDRESS_PROTOCOL_PORT,
                    sorted.build());
        });
    }
}

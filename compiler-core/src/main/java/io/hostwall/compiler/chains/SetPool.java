package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.plan.AddressBook;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the content-addressed sets of a cluster once, however many rules, policies and nodes use them: building
 * one means sorting its members, writing a content key and hashing it (SHA-256), which profiling showed to dominate
 * a node's compile when every named-port rule rebuilt its set of all the cluster's endpoints. Concurrent, shared by
 * the nodes of one cluster; a pool never outlives the {@code AddressBook} whose answers it holds.
 */
public final class SetPool {
    private final Names names;
    private final Map<NetKey, IpSet> networks = new ConcurrentHashMap<>();
    // Keyed by identity: AddressBook hands out the same member list for the same question.
    private final Map<IdentityKey, IpSet> addressPorts = new ConcurrentHashMap<>();

    private record NetKey(IpFamily family, ImmutableList<Cidr> nets) {}

    private record IdentityKey(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    /**
     * A pool naming its sets with {@code names}.
     *
     * @param names the compile's naming scheme
     */
    public SetPool(Names names) {
        this.names = names;
    }

    /** The set holding exactly {@code nets} (already coalesced, at least two). */
    IpSet networks(IpFamily family, ImmutableList<Cidr> nets) {
        return networks.computeIfAbsent(new NetKey(family, nets), k -> {
            ImmutableList<SetMember> members = nets.stream().sorted()
                    .map(SetMember.Network::new).collect(ImmutableList.toImmutableList());
            String key = "net|" + family + "|" + nets;
            return new IpSet(names.set(family.version(), 'n', key), family, SetType.NETWORKS, members);
        });
    }

    /** The named-port set of {@code members}: at least one, distinct, in {@link AddressBook#MEMBER_ORDER}. */
    IpSet addressPorts(IpFamily family, ImmutableList<AddressBook.NamedPortMember> members) {
        return addressPorts.computeIfAbsent(new IdentityKey(members), k -> {
            ImmutableList.Builder<SetMember> sorted = ImmutableList.builderWithExpectedSize(members.size());
            StringBuilder key = new StringBuilder("port|").append(family);
            for (AddressBook.NamedPortMember m : members) {
                sorted.add(new SetMember.AddressProtocolPort(m.address(), m.protocol(), m.port()));
                key.append('|').append(text(m.address())).append(',').append(m.protocol()).append(',').append(m.port());
            }
            return new IpSet(names.set(family.version(), 'p', key.toString()), family, SetType.ADDRESS_PROTOCOL_PORT,
                    sorted.build());
        });
    }

    private static String text(InetAddress a) {
        return com.google.common.net.InetAddresses.toAddrString(a);
    }
}

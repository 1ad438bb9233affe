package io.hostwall.compiler.chains;

import io.hostwall.compiler.plan.AddressBook;
import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * The node's IP sets, content-addressed: every rule that needs the same members shares one set, whatever
 * selector or nets list produced them (the kernel's load time grows with the number of sets, DESIGN.md).
 */
public final class SetRegistry {
    private final Names names;
    private final TreeMap<String, IpSet> sets = new TreeMap<>();

    public SetRegistry(Names names) {
        this.names = names;
    }

    /** The set holding exactly {@code nets} (already coalesced, at least two). */
    String networks(IpFamily family, ImmutableList<Cidr> nets) {
        ImmutableList<SetMember> members = nets.stream().sorted()
                .map(SetMember.Network::new).collect(ImmutableList.toImmutableList());
        String key = "net|" + family + "|" + nets;
        return register(names.set(family.version(), 'n', key), family, SetType.NETWORKS, members);
    }

    /** The named-port set holding exactly {@code members} (at least one). */
    String addressPorts(IpFamily family, Collection<AddressBook.NamedPortMember> members) {
        ImmutableList<SetMember> sorted = members.stream().distinct()
                .sorted(Comparator.<AddressBook.NamedPortMember, byte[]>comparing(
                                m -> m.address().getAddress(), Arrays::compareUnsigned)
                        .thenComparingInt(AddressBook.NamedPortMember::protocol)
                        .thenComparingInt(AddressBook.NamedPortMember::port))
                .map(m -> (SetMember) new SetMember.AddressProtocolPort(m.address(), m.protocol(), m.port()))
                .collect(ImmutableList.toImmutableList());
        StringBuilder key = new StringBuilder("port|").append(family);
        for (SetMember m : sorted) {
            SetMember.AddressProtocolPort a = (SetMember.AddressProtocolPort) m;
            key.append('|').append(text(a.address())).append(',').append(a.protocol()).append(',').append(a.port());
        }
        return register(names.set(family.version(), 'p', key.toString()), family, SetType.ADDRESS_PROTOCOL_PORT,
                sorted);
    }

    private String register(String name, IpFamily family, SetType type, ImmutableList<SetMember> members) {
        IpSet set = new IpSet(name, family, type, members);
        IpSet old = sets.putIfAbsent(name, set);
        if (old != null && !old.equals(set)) {
            throw new IllegalStateException("set name collision: " + name);
        }
        return name;
    }

    public ImmutableList<IpSet> all() {
        return ImmutableList.copyOf(sets.values());
    }

    private static String text(InetAddress a) {
        return com.google.common.net.InetAddresses.toAddrString(a);
    }
}

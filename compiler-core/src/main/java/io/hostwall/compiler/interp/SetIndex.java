package io.hostwall.compiler.interp;

import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ruleset's sets, indexed once per interpreter. Unknown names and family mismatches are compiler bugs. */
final class SetIndex {
    private final Map<String, IpSet> sets = new HashMap<>();
    private final Map<String, NetworkIndex> networks = new HashMap<>();
    private final Map<String, Set<PortKey>> addressPorts = new HashMap<>();

    record PortKey(AddressKey address, int protocol, int port) {}

    SetIndex(List<IpSet> all) {
        for (IpSet s : all) {
            if (sets.put(s.name(), s) != null) {
                throw new IllegalStateException("two sets named " + s.name());
            }
            if (s.type() == SetType.NETWORKS) {
                List<Cidr> cidrs = new ArrayList<>();
                for (SetMember m : s.members()) {
                    Cidr c = ((SetMember.Network) m).cidr();
                    requireFamily(s, c.family());
                    cidrs.add(c);
                }
                networks.put(s.name(), new NetworkIndex(cidrs));
            } else {
                Set<PortKey> keys = new HashSet<>();
                for (SetMember m : s.members()) {
                    SetMember.AddressProtocolPort a = (SetMember.AddressProtocolPort) m;
                    requireFamily(s, IpFamily.of(a.address()));
                    keys.add(new PortKey(AddressKey.of(a.address()), a.protocol(), a.port()));
                }
                addressPorts.put(s.name(), keys);
            }
        }
    }

    boolean containsNetwork(String name, IpFamily family, AddressKey address) {
        NetworkIndex n = networks.get(check(name, family, SetType.NETWORKS));
        return n.contains(address);
    }

    boolean containsAddressPort(String name, IpFamily family, PortKey key) {
        return addressPorts.get(check(name, family, SetType.ADDRESS_PROTOCOL_PORT)).contains(key);
    }

    private String check(String name, IpFamily family, SetType type) {
        IpSet s = sets.get(name);
        if (s == null) {
            throw new IllegalStateException("match on undefined set " + name);
        }
        if (s.family() != family || s.type() != type) {
            throw new IllegalStateException("set " + name + " is " + s.family() + " " + s.type() + ", matched as "
                    + family + " " + type);
        }
        return name;
    }

    private static void requireFamily(IpSet s, IpFamily f) {
        if (f != s.family()) {
            throw new IllegalStateException("set " + s.name() + " of family " + s.family() + " holds a " + f
                    + " member");
        }
    }
}

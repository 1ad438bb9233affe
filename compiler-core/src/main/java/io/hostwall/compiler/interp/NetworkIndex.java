package io.hostwall.compiler.interp;

import io.hostwall.net.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A NETWORKS set, indexed once: the members' network addresses hashed per prefix length. A lookup masks the address
 * once per distinct prefix length present (at most 33 or 129), whatever the set's size.
 */
final class NetworkIndex {
    private final int[] prefixes;
    private final Set<PrefixedKey> members = new HashSet<>();

    private record PrefixedKey(int prefix, AddressKey network) {}

    NetworkIndex(List<Cidr> cidrs) {
        Set<Integer> lengths = new TreeSet<>();
        for (Cidr c : cidrs) {
            lengths.add(c.prefixLength());
            members.add(new PrefixedKey(c.prefixLength(), AddressKey.of(c.addressBytes())));
        }
        prefixes = lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean contains(AddressKey address) {
        for (int p : prefixes) {
            if (members.contains(new PrefixedKey(p, address.masked(p)))) {
                return true;
            }
        }
        return false;
    }
}

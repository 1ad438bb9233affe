package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Set and map declarations: the IR's address sets, and the backend's own (see {@link SharedSets}). */
final class SetRenderer {
    /** The order of address/protocol/port members: address bytes unsigned, then protocol, then port. */
    private record Key(byte[] address, SetMember.AddressProtocolPort member) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return compare(address, member, o.address, o.member);
        }

        /** Compares two members, given their address bytes. */
        static int compare(byte[] a, SetMember.AddressProtocolPort x, byte[] b, SetMember.AddressProtocolPort y) {
            int c = 0;
            int n = Math.min(a.length, b.length);
            for (int i = 0; i < n && c == 0; i++) { // a loop: cheaper than compareUnsigned for 4 or 16 bytes
                c = (a[i] & 0xff) - (b[i] & 0xff);
            }
            c = c != 0 ? c : Integer.compare(a.length, b.length);
            c = c != 0 ? c : Integer.compare(x.protocol(), y.protocol());
            return c != 0 ? c : Integer.compare(x.port(), y.port());
        }
    }

    private SetRenderer() {}

    /** The declaration of an IR set; elements sorted and de-duplicated, so equal sets render equally. */
    static Nft.SetDecl irSet(IpSet set) {
        String name = NftNames.object("set", set.name());
        String addr = addrType(set.family());
        return switch (set.type()) {
            case NETWORKS -> new Nft.SetDecl(name, ImmutableList.of(addr), Optional.empty(), ImmutableList.of("interval"),
                    networks(set));
            case ADDRESS_PROTOCOL_PORT -> new Nft.SetDecl(name, ImmutableList.of(addr, "inet_proto", "inet_service"),
                    Optional.empty(), ImmutableList.of(), addressPorts(set));
        };
    }

    static String addrType(IpFamily family) {
        return family == IpFamily.V4 ? "ipv4_addr" : "ipv6_addr";
    }

    private static ImmutableList<Nft.Expr> networks(IpSet set) {
        return Arrays.stream(sortedNetworks(set)).map(Nft.Prefix::new).collect(ImmutableList.toImmutableList());
    }

    /** The networks of a NETWORKS set, sorted and de-duplicated; checked for members, family and overlaps. */
    static Cidr[] sortedNetworks(IpSet set) {
        // The compiler's sets come sorted: then the members are the order (no tree to build, issue 10).
        Cidr[] inOrder = new Cidr[set.members().size()];
        boolean increasing = true;
        for (int i = 0; i < inOrder.length; i++) {
            SetMember m = set.members().get(i);
            if (!(m instanceof SetMember.Network n)) {
                throw new IllegalArgumentException("set " + set.name() + " holds networks but has member " + m);
            }
            checkFamily(set, n.cidr().family());
            inOrder[i] = n.cidr();
            increasing &= i == 0 || inOrder[i - 1].compareTo(inOrder[i]) < 0;
        }
        Cidr[] sorted = increasing ? inOrder : new TreeSet<>(Arrays.asList(inOrder)).toArray(Cidr[]::new);
        // An interval set refuses overlapping elements ("conflicting intervals"); say which set and which nets
        // instead of leaving the user with nft's error. In CIDR order an overlap always shows between neighbours.
        Cidr previous = null;
        for (Cidr c : sorted) {
            if (previous != null && previous.contains(c)) {
                throw new IllegalArgumentException("set " + set.name() + ": " + previous + " overlaps " + c);
            }
            previous = c;
        }
        return sorted;
    }

    private static ImmutableList<Nft.Expr> addressPorts(IpSet set) {
        return sortedAddressPorts(set).members().stream()
                .map(a -> (Nft.Expr) new Nft.Concat(new Nft.Addr(a.address()), NftProtocols.expr(a.protocol()),
                        Nft.Num.of(a.port())))
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * The members of an ADDRESS_PROTOCOL_PORT set in element order, with each one's address bytes (taken once per
     * member: {@code InetAddress.getAddress()} copies them at every call).
     */
    record Triples(List<SetMember.AddressProtocolPort> members, List<byte[]> addresses) {}

    /** The members of an ADDRESS_PROTOCOL_PORT set, sorted and de-duplicated; checked like the networks. */
    static Triples sortedAddressPorts(IpSet set) {
        int n = set.members().size();
        List<SetMember.AddressProtocolPort> inOrder = new ArrayList<>(n);
        List<byte[]> addresses = new ArrayList<>(n);
        // The compiler's sets come sorted: each member is compared with the one before, in place (no key objects),
        // and only a set out of order is sorted in a tree.
        TreeMap<Key, SetMember.AddressProtocolPort> sorted = null;
        for (SetMember m : set.members()) {
            if (!(m instanceof SetMember.AddressProtocolPort a)) {
                throw new IllegalArgumentException("set " + set.name() + " holds address/port triples but has member " + m);
            }
            checkFamily(set, IpFamily.of(a.address()));
            if (a.protocol() < 0 || a.protocol() > 255 || a.port() < 0 || a.port() > 65535) {
                throw new IllegalArgumentException("set " + set.name() + ": bad protocol/port in " + m);
            }
            byte[] address = a.address().getAddress();
            if (sorted == null) {
                int last = inOrder.size() - 1;
                if (last < 0 || Key.compare(addresses.get(last), inOrder.get(last), address, a) < 0) {
                    inOrder.add(a);
                    addresses.add(address);
                    continue;
                }
                sorted = new TreeMap<>();
                for (int i = 0; i < inOrder.size(); i++) {
                    sorted.put(new Key(addresses.get(i), inOrder.get(i)), inOrder.get(i));
                }
            }
            sorted.putIfAbsent(new Key(address, a), a);
        }
        if (sorted == null) {
            return new Triples(inOrder, addresses);
        }
        inOrder.clear();
        addresses.clear();
        for (Map.Entry<Key, SetMember.AddressProtocolPort> e : sorted.entrySet()) {
            inOrder.add(e.getValue());
            addresses.add(e.getKey().address());
        }
        return new Triples(inOrder, addresses);
    }

    private static void checkFamily(IpSet set, IpFamily memberFamily) {
        if (memberFamily != set.family()) {
            throw new IllegalArgumentException("set " + set.name() + " is " + set.family() + " but holds a "
                    + memberFamily + " member");
        }
    }
}

package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/** Set and map declarations: the IR's address sets, and the backend's own (see {@link SharedSets}). */
final class SetRenderer {
    private static final Comparator<SetMember.AddressProtocolPort> APP_ORDER =
            Comparator.<SetMember.AddressProtocolPort, byte[]>comparing(m -> m.address().getAddress(),
                            Arrays::compareUnsigned)
                    .thenComparingInt(SetMember.AddressProtocolPort::protocol)
                    .thenComparingInt(SetMember.AddressProtocolPort::port);

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
        TreeSet<Cidr> sorted = new TreeSet<>();
        for (SetMember m : set.members()) {
            if (!(m instanceof SetMember.Network n)) {
                throw new IllegalArgumentException("set " + set.name() + " holds networks but has member " + m);
            }
            checkFamily(set, n.cidr().family());
            sorted.add(n.cidr());
        }
        // An interval set refuses overlapping elements ("conflicting intervals"); say which set and which nets
        // instead of leaving the user with nft's error. In CIDR order an overlap always shows between neighbours.
        Cidr previous = null;
        for (Cidr c : sorted) {
            if (previous != null && previous.contains(c)) {
                throw new IllegalArgumentException("set " + set.name() + ": " + previous + " overlaps " + c);
            }
            previous = c;
        }
        return sorted.stream().map(Nft.Prefix::new).collect(ImmutableList.toImmutableList());
    }

    private static ImmutableList<Nft.Expr> addressPorts(IpSet set) {
        TreeSet<SetMember.AddressProtocolPort> sorted = new TreeSet<>(APP_ORDER);
        for (SetMember m : set.members()) {
            if (!(m instanceof SetMember.AddressProtocolPort a)) {
                throw new IllegalArgumentException("set " + set.name() + " holds address/port triples but has member " + m);
            }
            checkFamily(set, IpFamily.of(a.address()));
            if (a.protocol() < 0 || a.protocol() > 255 || a.port() < 0 || a.port() > 65535) {
                throw new IllegalArgumentException("set " + set.name() + ": bad protocol/port in " + m);
            }
            sorted.add(a);
        }
        return sorted.stream()
                .map(a -> (Nft.Expr) new Nft.Concat(new Nft.Addr(a.address()), NftProtocols.expr(a.protocol()),
                        Nft.Num.of(a.port())))
                .collect(ImmutableList.toImmutableList());
    }

    private static void checkFamily(IpSet set, IpFamily memberFamily) {
        if (memberFamily != set.family()) {
            throw new IllegalArgumentException("set " + set.name() + " is " + set.family() + " but holds a "
                    + memberFamily + " member");
        }
    }
}

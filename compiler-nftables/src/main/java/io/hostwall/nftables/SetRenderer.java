package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.SetMember;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Set and map declarations: the IR's address sets, and the backend's own (see {@link SharedSets}). */
final class SetRenderer {
    /** Element lists longer than this go one element per line, so huge sets stay diffable. */
    private static final int ONE_LINE_MAX = 72;

    private static final Comparator<SetMember.AddressProtocolPort> APP_ORDER =
            Comparator.<SetMember.AddressProtocolPort, byte[]>comparing(m -> m.address().getAddress(),
                            Arrays::compareUnsigned)
                    .thenComparingInt(SetMember.AddressProtocolPort::protocol)
                    .thenComparingInt(SetMember.AddressProtocolPort::port);

    private SetRenderer() {}

    /**
     * {@code set|map <name> { <header lines> elements = { ... } }}, indented for the table body.
     *
     * @param header lines such as {@code type ipv4_addr}, {@code flags interval}, without terminators
     */
    static String declaration(String keyword, String name, List<String> header, List<String> elements) {
        StringBuilder b = new StringBuilder();
        b.append('\t').append(keyword).append(' ').append(name).append(" {\n");
        for (String h : header) {
            b.append("\t\t").append(h).append('\n');
        }
        if (!elements.isEmpty()) {
            String oneLine = String.join(", ", elements);
            if (oneLine.length() <= ONE_LINE_MAX) {
                b.append("\t\telements = { ").append(oneLine).append(" }\n");
            } else {
                b.append("\t\telements = {\n\t\t\t").append(String.join(",\n\t\t\t", elements)).append("\n\t\t}\n");
            }
        }
        return b.append("\t}\n").toString();
    }

    /** The declaration of an IR set; elements sorted and de-duplicated, so equal sets render equally. */
    static String irSet(IpSet set) {
        String name = NftNames.object("set", set.name());
        String addr = addrType(set.family());
        return switch (set.type()) {
            case NETWORKS -> declaration("set", name, List.of("type " + addr, "flags interval"),
                    networks(set));
            case ADDRESS_PROTOCOL_PORT -> declaration("set", name,
                    List.of("type " + addr + " . inet_proto . inet_service"), addressPorts(set));
        };
    }

    static String addrType(IpFamily family) {
        return family == IpFamily.V4 ? "ipv4_addr" : "ipv6_addr";
    }

    private static List<String> networks(IpSet set) {
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
        return sorted.stream().map(Cidr::toString).collect(ImmutableList.toImmutableList());
    }

    private static List<String> addressPorts(IpSet set) {
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
                .map(a -> InetAddresses.toAddrString(a.address()) + " . " + NftProtocols.name(a.protocol())
                        + " . " + a.port())
                .collect(ImmutableList.toImmutableList());
    }

    private static void checkFamily(IpSet set, IpFamily memberFamily) {
        if (memberFamily != set.family()) {
            throw new IllegalArgumentException("set " + set.name() + " is " + set.family() + " but holds a "
                    + memberFamily + " member");
        }
    }
}

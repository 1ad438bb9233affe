package io.hostwall.compiler.gen;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Packet.ConnState;
import io.hostwall.net.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Packets over the {@link Universe}, so that generated rules hit them: both families; TCP, UDP, SCTP, ICMP/ICMPv6,
 * GRE (no ports); to the host, from the host and forwarded, over eth0, eth1, the workload interface cali1 and the
 * never-policed eth9; sometimes DNAT'd; NEW or ESTABLISHED.
 */
public final class PacketArbitraries {
    private PacketArbitraries() {}

    /** Where a packet goes. */
    public enum Path {
        TO_HOST,
        FROM_HOST,
        FORWARDED
    }

    public static Arbitrary<Packet> packets() {
        return Combinators.combine(Arbitraries.of(IpFamily.values()), paths()).flatAs(PacketArbitraries::packets);
    }

    public static Arbitrary<Path> paths() {
        return Arbitraries.frequency(Tuple.of(45, Path.TO_HOST), Tuple.of(30, Path.FROM_HOST),
                Tuple.of(25, Path.FORWARDED));
    }

    public static Arbitrary<Packet> packets(IpFamily family, Path path) {
        List<String> all = family == IpFamily.V4 ? Universe.V4 : Universe.V6;
        List<String> local = family == IpFamily.V4 ? Universe.NODE1_V4 : Universe.NODE1_V6;
        Arbitrary<String> anywhere = Arbitraries.of(all);
        Arbitrary<String> host = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(local)), Tuple.of(1, anywhere));
        Arbitrary<String> source = path == Path.FROM_HOST ? host : anywhere;
        Arbitrary<String> destination = path == Path.TO_HOST ? host : anywhere;
        Arbitrary<String> iface = Arbitraries.frequency(Tuple.of(5, Universe.ETH0), Tuple.of(2, Universe.ETH1),
                Tuple.of(2, Universe.WORKLOAD), Tuple.of(1, Universe.UNPOLICED));
        Arbitrary<Optional<String>> in = path == Path.FROM_HOST ? Arbitraries.just(Optional.empty())
                : iface.map(Optional::of);
        Arbitrary<Optional<String>> out = path == Path.TO_HOST ? Arbitraries.just(Optional.empty())
                : iface.map(Optional::of);
        Arbitrary<Packet.ConnState> state = Arbitraries.frequency(Tuple.of(60, ConnState.NEW),
                Tuple.of(33, ConnState.ESTABLISHED), Tuple.of(7, ConnState.INVALID));
        return Combinators.combine(source, destination, transports(family), in, out, anywhere, dnat(), state)
                .as((src, dst, t, i, o, dnatTo, dnat, st) -> new Packet(family, Models.ip(src), Models.ip(dst),
                        t.protocol(), t.sourcePort(), t.destinationPort(), t.icmpType(), t.icmpCode(), i, o,
                        dnat.map(port -> new Packet.Dnat(Models.ip(dnatTo),
                                t.destinationPort().isPresent() ? port : OptionalInt.empty())),
                        st));
    }

    /** Present (25%): DNAT; the inner value is the new port, if any (used only for packets with ports). */
    private static Arbitrary<Optional<OptionalInt>> dnat() {
        Arbitrary<OptionalInt> port = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(OptionalInt.empty())),
                Tuple.of(3, Arbitraries.of(Universe.PORTS).map(OptionalInt::of)));
        return port.optional(0.25);
    }

    /** Protocol and its header fields. */
    public record Transport(int protocol, OptionalInt sourcePort, OptionalInt destinationPort, OptionalInt icmpType,
            OptionalInt icmpCode) {}

    public static Arbitrary<Transport> transports(IpFamily family) {
        List<Integer> portChoices = new ArrayList<>(Universe.PORTS);
        portChoices.add(Universe.EPHEMERAL);
        portChoices.add(8050);
        Arbitrary<Integer> port = Arbitraries.of(portChoices);
        Arbitrary<Integer> portProtocol = Arbitraries.frequency(Tuple.of(50, 6), Tuple.of(35, 17), Tuple.of(15, 132));
        Arbitrary<Transport> withPorts = Combinators.combine(portProtocol, port, port).as((p, s, d) ->
                new Transport(p, OptionalInt.of(s), OptionalInt.of(d), OptionalInt.empty(), OptionalInt.empty()));
        List<Integer> types = family == IpFamily.V4 ? Universe.ICMP_TYPES_V4 : Universe.ICMP_TYPES_V6;
        int icmp = family == IpFamily.V4 ? 1 : 58;
        Arbitrary<Transport> icmps = Combinators.combine(Arbitraries.of(types), Arbitraries.of(Universe.ICMP_CODES))
                .as((t, c) -> new Transport(icmp, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(t),
                        OptionalInt.of(c)));
        Arbitrary<Transport> gre = Arbitraries.just(new Transport(47, OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty()));
        return Arbitraries.frequencyOf(Tuple.of(75, withPorts), Tuple.of(20, icmps), Tuple.of(5, gre));
    }

    /** An address of the universe. */
    public static InetAddress address(String text) {
        return Models.ip(text);
    }
}

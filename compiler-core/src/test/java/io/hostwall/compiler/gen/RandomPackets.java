package io.hostwall.compiler.gen;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.model.IpFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/** Random packets over {@link RandomModel}'s universe: both families, every direction, DNAT, conntrack state. */
public final class RandomPackets {
    private final Random r;

    public RandomPackets(long seed) {
        this.r = new Random(seed);
    }

    public Packet next() {
        IpFamily f = r.nextInt(3) == 0 ? IpFamily.V6 : IpFamily.V4;
        List<String> pool = f == IpFamily.V4 ? RandomModel.V4 : RandomModel.V6;
        InetAddress src = InetAddresses.forString(pool.get(r.nextInt(pool.size())));
        InetAddress dst = InetAddresses.forString(pool.get(r.nextInt(pool.size())));
        int[] protos = f == IpFamily.V4 ? new int[] {6, 6, 17, 1, 132} : new int[] {6, 6, 17, 58, 132};
        int proto = protos[r.nextInt(protos.length)];
        boolean icmp = proto == 1 || proto == 58;
        OptionalInt sport = icmp ? OptionalInt.empty() : OptionalInt.of(port());
        OptionalInt dport = icmp ? OptionalInt.empty() : OptionalInt.of(port());
        OptionalInt type = OptionalInt.empty();
        OptionalInt code = OptionalInt.empty();
        if (icmp) {
            int[] types = proto == 1 ? new int[] {8, 0, 3} : new int[] {128, 129, 1};
            type = OptionalInt.of(types[r.nextInt(types.length)]);
            code = OptionalInt.of(r.nextInt(4) == 0 ? 1 : 0);
        }
        int shape = r.nextInt(3); // 0 to host, 1 from host, 2 forwarded
        Optional<String> in = shape == 1 ? Optional.empty() : Optional.of(iface());
        Optional<String> out = shape == 0 ? Optional.empty() : Optional.of(iface());
        Optional<Packet.Dnat> dnat = Optional.empty();
        if (!icmp && r.nextInt(4) == 0) {
            dnat = Optional.of(new Packet.Dnat(InetAddresses.forString(pool.get(r.nextInt(pool.size()))),
                    r.nextBoolean() ? OptionalInt.of(8080) : OptionalInt.empty()));
        }
        Packet.ConnState state = r.nextInt(5) == 0 ? Packet.ConnState.ESTABLISHED : Packet.ConnState.NEW;
        return new Packet(f, src, dst, proto, sport, dport, type, code, in, out, dnat, state);
    }

    private int port() {
        return RandomModel.PORTS.get(r.nextInt(RandomModel.PORTS.size()));
    }

    private String iface() {
        return RandomModel.INTERFACES.get(r.nextInt(RandomModel.INTERFACES.size()));
    }
}

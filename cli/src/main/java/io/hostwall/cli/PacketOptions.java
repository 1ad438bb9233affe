package io.hostwall.cli;

import io.hostwall.compiler.eval.Packet;
import picocli.CommandLine.Option;

/**
 * {@code explain}'s packet flags. A mixin in {@code explain} (where the packet is required) and an optional argument
 * group in {@code graph} (give the packet's flags, and then its required ones, or none), so both read one packet
 * the same way.
 */
final class PacketOptions {
    @Option(names = "--in", paramLabel = "IFACE", description = "Input interface.")
    String in;

    @Option(names = "--out", paramLabel = "IFACE", description = "Output interface.")
    String out;

    @Option(names = "--src", required = true, paramLabel = "IP", description = "Source address.")
    String src;

    @Option(names = "--dst", required = true, paramLabel = "IP", description = "Destination address.")
    String dst;

    @Option(names = "--proto", required = true, paramLabel = "tcp|udp|icmp|icmpv6|sctp|N", description = "Protocol.")
    String proto;

    @Option(names = "--sport", paramLabel = "N", description = "Source port.")
    Integer sport;

    @Option(names = "--dport", paramLabel = "N", description = "Destination port.")
    Integer dport;

    @Option(names = "--icmp-type", paramLabel = "T", description = "ICMP type.")
    Integer icmpType;

    @Option(names = "--icmp-code", paramLabel = "C", description = "ICMP code (needs --icmp-type).")
    Integer icmpCode;

    @Option(names = "--dnat", paramLabel = "IP[:PORT]", description = "Destination after DNAT (e.g. kube-proxy's NodePort rule).")
    String dnat;

    @Option(names = "--established", description = "The packet belongs to a known connection.")
    boolean established;

    @Option(names = "--invalid", description = "Conntrack classifies the packet INVALID (e.g. a reply to an untracked"
            + " request); tracked stages drop it before policy.")
    boolean invalid;

    /** The packet; see {@link PacketSpec}. */
    Packet toPacket() {
        return new PacketSpec(in, out, src, dst, proto, sport, dport, icmpType, icmpCode, dnat, established, invalid,
                PacketSpec.FLAGS).toPacket();
    }
}

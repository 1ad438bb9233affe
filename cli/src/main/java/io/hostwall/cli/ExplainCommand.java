package io.hostwall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.explain.Explanation;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.model.PolicySet;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hostwall explain}: which stage, tier, policy and rule decide one packet, and the kernel rules it meets. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains the verdict for one packet on a node.",
                "--in only: to a host process; --out only: from a host process; both: forwarded.",
                "The last line is 'verdict: allow' or 'verdict: deny'."})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node.")
    String node;

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

    @Option(names = "--json", description = "Print one JSON object with verdict, trace and rules.")
    boolean json;

    @Mixin
    CompilerFlags flags;

    @Mixin
    EmptyNodeFlag emptyNode;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories.")
    List<Path> paths;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter stdout = spec.commandLine().getOut();
        Packet packet = packet();
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(spec.commandLine().getErr());
        if (facts.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        Optional<PolicySet> set = Inputs.load(paths, spec.commandLine().getErr());
        if (set.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        NodeSelection.requireKnown(node, set.get(), emptyNode.allowEmptyNode);
        try {
            CompiledNode compiled = Hostwall.create(options).compile(set.get(), node, facts.get().of(node));
            Explanation e = compiled.explain(packet);
            if (json) {
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e.toMap()));
            } else {
                stdout.println(e.text());
            }
            stdout.flush();
            return 0;
        } catch (CompileException ex) {
            return Inputs.compileFailed(ex, spec.commandLine().getErr());
        }
    }

    private Packet packet() {
        if (in == null && out == null) {
            throw new UserInputException("give --in, --out or both");
        }
        for (String iface : new String[] {in, out}) {
            if (iface != null && !iface.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new UserInputException("not an interface name: " + Quote.of(iface));
            }
        }
        InetAddress s = address("--src", src);
        InetAddress d = address("--dst", dst);
        IpFamily family = IpFamily.of(s);
        if (IpFamily.of(d) != family) {
            throw new UserInputException("--src and --dst must be of one IP family");
        }
        int protocol = protocol(family);
        boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
        boolean icmp = protocol == 1 || protocol == 58;
        if (!ports && (sport != null || dport != null)) {
            throw new UserInputException("--sport/--dport need --proto tcp, udp or sctp");
        }
        if (!icmp && (icmpType != null || icmpCode != null)) {
            throw new UserInputException("--icmp-type/--icmp-code need --proto icmp or icmpv6");
        }
        if (icmpCode != null && icmpType == null) {
            throw new UserInputException("--icmp-code needs --icmp-type");
        }
        if (established && invalid) {
            throw new UserInputException("give --established or --invalid, not both");
        }
        range("--sport", sport, 0, 65535);
        range("--dport", dport, 0, 65535);
        range("--icmp-type", icmpType, 0, 255);
        range("--icmp-code", icmpCode, 0, 255);
        Optional<Packet.Dnat> nat = Optional.empty();
        if (dnat != null) {
            nat = Optional.of(dnat(family));
        }
        try {
            Packet.Builder p = Packet.protocol(protocol, s, d);
            if (ports) {
                p.sourcePort(sport == null ? 40000 : sport);
                if (dport != null) {
                    p.destinationPort(dport);
                }
            }
            if (icmpType != null) {
                if (icmpCode != null) {
                    p.icmpType(icmpType, icmpCode);
                } else {
                    p.icmpType(icmpType);
                }
            }
            if (in != null) {
                p.in(in);
            }
            if (out != null) {
                p.out(out);
            }
            nat.ifPresent(n -> p.dnat(n.address(), n.port()));
            if (established) {
                p.established();
            } else if (invalid) {
                p.invalid();
            }
            return p.build();
        } catch (IllegalArgumentException e) {
            // Checked above flag by flag, with the flags' names; this is the builder's word for anything left.
            throw new UserInputException(e.getMessage());
        }
    }

    private Packet.Dnat dnat(IpFamily family) {
        String host = dnat;
        OptionalInt port = OptionalInt.empty();
        int colon = dnat.lastIndexOf(':');
        if (dnat.startsWith("[") && dnat.contains("]")) {
            host = dnat.substring(1, dnat.indexOf(']'));
            String rest = dnat.substring(dnat.indexOf(']') + 1);
            if (rest.startsWith(":")) {
                port = OptionalInt.of(parsePort(rest.substring(1)));
            }
        } else if (colon > 0 && dnat.indexOf(':') == colon) {
            host = dnat.substring(0, colon);
            port = OptionalInt.of(parsePort(dnat.substring(colon + 1)));
        }
        InetAddress a = address("--dnat", host);
        if (IpFamily.of(a) != family) {
            throw new UserInputException("--dnat must be of the packet's IP family");
        }
        return new Packet.Dnat(a, port);
    }

    private static int parsePort(String text) {
        return intIn(text, 0, 65535)
                .orElseThrow(() -> new UserInputException("--dnat: not a port: " + Quote.of(text)));
    }

    /** {@code text} as a decimal number within {@code min..max}; empty when it is not one. */
    private static OptionalInt intIn(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            return n >= min && n <= max ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private int protocol(IpFamily family) {
        switch (proto.toLowerCase(Locale.ROOT)) {
            case "tcp": return 6;
            case "udp": return 17;
            case "sctp": return 132;
            case "icmp": return family == IpFamily.V4 ? 1 : 58;
            case "icmpv6": return 58;
            default:
                return intIn(proto, 1, 255).orElseThrow(() -> new UserInputException(
                        "--proto must be tcp, udp, icmp, icmpv6, sctp or 1..255, not " + Quote.of(proto)));
        }
    }

    private static InetAddress address(String flag, String text) {
        return Cidr.parseAddress(text).orElseThrow(() -> new UserInputException(flag + ": not an IP address: " + Quote.of(text)));
    }

    private static void range(String flag, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            throw new UserInputException(flag + " must be " + min + ".." + max + ", not " + v);
        }
    }
}

package io.hostwall.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.DenyAction;
import io.hostwall.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Compile options shared by compile, explain and lint. */
final class CompilerFlags {
    @Option(names = "--deny", paramLabel = "drop|reject", defaultValue = "drop",
            description = "How the filter stage denies (default ${DEFAULT-VALUE}); raw and mangle always drop.")
    String deny;

    @Option(names = "--chain-prefix", paramLabel = "PREFIX", defaultValue = "hw",
            description = "Prefix of chain and set names (default ${DEFAULT-VALUE}).")
    String chainPrefix;

    @Option(names = "--mark-mask", paramLabel = "MASK", defaultValue = "0xffff0000",
            description = "Packet-mark bits hostwall may use (default ${DEFAULT-VALUE}).")
    String markMask;

    @Option(names = "--workload-prefix", paramLabel = "PREFIX", split = ",",
            description = "Workload interface prefixes (default cali).")
    List<String> workloadPrefixes;

    @Option(names = "--host-interface", paramLabel = "IFACE=IP[,IP...]",
            description = "Host facts: an interface and its addresses, to bind HostEndpoints that only have expectedIPs.")
    List<String> hostInterfaces;

    CompileOptions toOptions() {
        CompileOptions o = CompileOptions.defaults();
        try {
            o = o.withDenyAction(switch (deny) {
                case "drop" -> DenyAction.DROP;
                case "reject" -> DenyAction.REJECT;
                default -> throw new UserInputException("--deny must be drop or reject, not " + Quote.of(deny));
            });
            o = o.withChainPrefix(chainPrefix);
            o = o.withMarkMask(parseMask(markMask));
            if (workloadPrefixes != null) {
                o = o.withWorkloadInterfacePrefixes(ImmutableList.copyOf(workloadPrefixes));
            }
            if (hostInterfaces != null) {
                o = o.withHostInterfaces(parseInterfaces(hostInterfaces));
            }
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        return o;
    }

    private static int parseMask(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        try {
            long v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new UserInputException("--mark-mask must be a 32-bit number such as 0xffff0000, not " + Quote.of(text));
        }
    }

    private static ImmutableMap<String, ImmutableList<InetAddress>> parseInterfaces(List<String> specs) {
        Map<String, List<InetAddress>> out = new TreeMap<>();
        for (String s : specs) {
            int eq = s.indexOf('=');
            String iface = eq < 0 ? s : s.substring(0, eq);
            if (eq < 0 || !iface.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new UserInputException("--host-interface must look like eth0=10.0.0.1[,fd00::1], not " + Quote.of(s));
            }
            for (String ip : s.substring(eq + 1).split(",")) {
                InetAddress a = Cidr.parseAddress(ip.trim()).orElseThrow(() ->
                        new UserInputException("--host-interface " + iface + ": not an IP address: " + Quote.of(ip)));
                out.computeIfAbsent(iface, k -> new ArrayList<>()).add(a);
            }
        }
        ImmutableMap.Builder<String, ImmutableList<InetAddress>> b = ImmutableMap.builder();
        out.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
        return b.build();
    }
}

package io.hostwall.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.DenyAction;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.model.Problem;
import io.hostwall.net.Cidr;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    // Split here, not with picocli's split=",": picocli's splitting also interprets quotes and, on an unbalanced
    // one, prints warnings naming this Java field on System.err before the real error.
    @Option(names = "--workload-prefix", paramLabel = "PREFIX[,PREFIX...]",
            description = "Workload interface prefixes (default cali).")
    List<String> workloadPrefixes;

    @Option(names = "--host-interface", paramLabel = "IFACE=IP[,IP...]",
            description = "Host facts: an interface and its addresses, to bind HostEndpoints that only have expectedIPs."
                    + " They apply to every node compiled; for several nodes use --host-facts.")
    List<String> hostInterfaces;

    @Option(names = "--host-facts", paramLabel = "FILE",
            description = "Host facts of each node, YAML or JSON: node -> interface -> list of addresses, e.g."
                    + " 'node1: {eth0: [10.240.0.11, \"fd00::11\"]}'. Each node gets its own; a node not in the file"
                    + " has none. Not together with --host-interface.")
    Path hostFactsFile;

    CompileOptions toOptions() {
        CompileOptions.Builder o = CompileOptions.builder();
        o.denyAction(switch (deny) {
            case "drop" -> DenyAction.DROP;
            case "reject" -> DenyAction.REJECT;
            default -> throw new UserInputException("--deny must be drop or reject, not " + Quote.of(deny));
        });
        // Checked one flag at a time (build() checks everything set so far), so that each error names its flag.
        checked("--mark-mask", () -> o.markMask(parseMask(markMask)).build());
        checked("--chain-prefix", () -> o.chainPrefix(chainPrefix).build());
        if (workloadPrefixes != null) {
            ImmutableList<String> prefixes = workloadPrefixes();
            checked("--workload-prefix", () -> o.workloadInterfacePrefixes(prefixes).build());
        }
        return o.build();
    }

    private static void checked(String flag, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(flag + ": " + e.getMessage());
        }
    }

    /** The {@code --workload-prefix} values, each split at commas; an empty one is refused. */
    private ImmutableList<String> workloadPrefixes() {
        ImmutableList.Builder<String> out = ImmutableList.builder();
        for (String value : workloadPrefixes) {
            for (String p : value.split(",", -1)) {
                if (p.isEmpty()) {
                    throw new UserInputException("--workload-prefix: an empty prefix would make every interface a"
                            + " workload interface; not " + Quote.of(value));
                }
                out.add(p);
            }
        }
        return out.build();
    }

    /**
     * Each node's facts, from {@code --host-interface} (the same for every node, as always) or {@code --host-facts}
     * (per node); empty after printing the facts file's problems to {@code err}. Giving both is refused rather than
     * merged: which interface list a node ends up with should never need explaining.
     */
    Optional<HostFacts> hostFacts(PrintWriter err) {
        if (hostInterfaces != null && hostFactsFile != null) {
            throw new UserInputException("give --host-interface or --host-facts, not both (put every interface in the"
                    + " --host-facts file)");
        }
        if (hostInterfaces != null) {
            return Optional.of(HostFacts.everyNode(parseInterfaces(hostInterfaces)));
        }
        if (hostFactsFile == null) {
            return Optional.of(HostFacts.everyNode(NodeFacts.none()));
        }
        if (hostFactsFile.toString().isEmpty()) {
            throw new UserInputException("--host-facts: the file name is empty");
        }
        if (java.nio.file.Files.isDirectory(hostFactsFile)) {
            throw new UserInputException("--host-facts: " + Quote.of(hostFactsFile.toString()) + " is a directory, not a file");
        }
        List<Problem> problems = new ArrayList<>();
        ImmutableSortedMap<String, NodeFacts> byNode = HostFactsFile.read(hostFactsFile, problems);
        if (!problems.isEmpty()) {
            Inputs.print(problems, err);
            return Optional.empty();
        }
        return Optional.of(HostFacts.perNode(byNode));
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

    private static NodeFacts parseInterfaces(List<String> specs) {
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
        NodeFacts.Builder b = NodeFacts.builder();
        out.forEach(b::addInterface);
        return b.build();
    }
}

package io.hostwall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.diff.DiffReport;
import io.hostwall.compiler.diff.NodeDiff;
import io.hostwall.compiler.diff.PacketProbe;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hostwall diff OLD NEW}: what changes on each node between two versions of the manifests (e.g. the main
 * branch and a pull request).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares the rulesets compiled from two manifest trees, node by node.",
                "Per node: host endpoints gained or lost; chains, rules and set elements added (+), removed (-) or"
                        + " changed (~), each with the policy rule, failsafe or built-in it comes from; the verdicts"
                        + " of --packets that change; then a unified diff of each backend's documents.",
                "Exit status: 0 identical, 1 different, 2 bad input."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # what a pull request changes on node1, and which probe verdicts it flips:",
                "  hostwall diff --node node1 --packets probes.yaml main/manifests pr/manifests",
                "  # every node, for a tool:",
                "  hostwall diff --json main/manifests pr/manifests > diff.json"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--backend", paramLabel = "nftables|iptables",
            description = "Also diff this backend's rendered documents (repeatable; default: every backend).")
    List<String> backends;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    NodeSelection nodes;

    @Option(names = "--packets", paramLabel = "FILE",
            description = "YAML (or .json) list of packets, each with explain's fields (in, out, src, dst, proto,"
                    + " sport, dport, icmp-type, icmp-code, dnat, established, invalid) and optional name and node;"
                    + " their verdicts are compared.")
    Path packets;

    @Option(names = "--json", description = "Print one JSON object (schema " + DiffReport.SCHEMA + ").")
    boolean json;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Colour the text: auto (on a terminal, unless NO_COLOR is set), always or never.")
    String color;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = RenderOptions.DEFAULT_TABLE,
            description = "nftables table name (default ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--counters", description = "Add a counter to every nftables rule.")
    boolean counters;

    @Mixin
    CompilerFlags flags;

    @Parameters(index = "0", paramLabel = "OLD", description = "The old manifests: a file or directory.")
    Path oldPath;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new manifests: a file or directory.")
    Path newPath;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean colour = colour();
        List<Backend> chosen = backends();
        RenderOptions renderOptions;
        try {
            renderOptions = new RenderOptions(table, counters);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--table: " + e.getMessage());
        }
        Hostwall hostwall = Hostwall.create(flags.toOptions());
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        List<PacketProbe> probes = List.of();
        if (packets != null) {
            List<Problem> problems = new ArrayList<>();
            probes = PacketFile.read(packets, problems);
            if (!problems.isEmpty()) {
                Inputs.print(problems, err);
                return Main.EXIT_BAD_INPUT;
            }
        }
        Optional<PolicySet> before = Inputs.load(List.of(oldPath), err);
        Optional<PolicySet> after = Inputs.load(List.of(newPath), err);
        if (before.isEmpty() || after.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        List<String> names = nodeNames(before.get(), after.get());
        List<NodeDiff> diffs = new ArrayList<>();
        for (String node : names) {
            CompiledNode o;
            CompiledNode n;
            try {
                o = hostwall.compile(before.get(), node, facts.get().of(node));
                n = hostwall.compile(after.get(), node, facts.get().of(node));
            } catch (CompileException e) {
                return Inputs.compileFailed(e, err);
            }
            diffs.add(NodeDiff.between(o, n, chosen, renderOptions, probes));
        }
        DiffReport report = DiffReport.of(diffs);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toMap()));
        } else {
            out.print(report.text(colour));
        }
        out.flush();
        return report.identical() ? 0 : Main.EXIT_FINDINGS;
    }

    /** {@code --node}, or every node with a host endpoint on either side. */
    private List<String> nodeNames(PolicySet before, PolicySet after) {
        if (nodes != null && nodes.node != null) {
            // A node may have host endpoints on one side only (that is a difference worth showing); one that has
            // none on either side is a typo, refused with the nodes the new side knows.
            if (Hostwall.nodes(before).contains(nodes.node)) {
                return List.of(nodes.node);
            }
            return nodes.resolve(after, false);
        }
        TreeSet<String> all = new TreeSet<>(Hostwall.nodes(before));
        all.addAll(Hostwall.nodes(after));
        if (all.isEmpty()) {
            throw new UserInputException("neither side has a HostEndpoint, so there is no node to compare; give --node");
        }
        return ImmutableList.copyOf(all);
    }

    private List<Backend> backends() {
        if (backends == null) {
            return ImmutableList.copyOf(Backends.all().values());
        }
        List<Backend> out = new ArrayList<>();
        for (String name : new TreeSet<>(backends)) {
            out.add(Backends.named(name).orElseThrow(() -> new UserInputException("--backend must be one of "
                    + String.join(", ", Backends.all().keySet()) + ", not " + Quote.of(name))));
        }
        return out;
    }

    private boolean colour() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM"));
            default -> throw new UserInputException("--color must be auto, always or never, not " + Quote.of(color));
        };
    }
}

package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.graph.RulesetGraph;
import io.hostwall.model.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hostwall graph}: a node's ruleset as a Graphviz DOT graph, optionally with one packet's path. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Prints a node's ruleset as a Graphviz DOT graph: each stage (raw, mangle, filter; in, out,"
                + " forward) a cluster; base chain -> interface dispatch -> endpoint chains -> tiers -> policies,"
                + " each edge labelled with what sends a packet along it.",
                "With explain's packet flags (--in/--out, --src, --dst, --proto, ...) the packet's path is drawn in"
                        + " red and the title names its verdict."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # the tutorial's ruleset on node1 as a picture:",
                "  hostwall graph --node node1 examples/protect-hosts/*.yaml > node1.dot",
                "  dot -Tsvg -o node1.svg node1.dot",
                "  # the path of an SSH connection from outside, in red:",
                "  hostwall graph --node node1 --in eth0 --src 203.0.113.7 \\",
                "      --dst 10.240.0.11 --proto tcp --dport 22 examples/protect-hosts/*.yaml"})
final class GraphCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node.")
    String node;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Packet whose path to highlight:%n")
    PacketOptions packet;

    @Mixin
    CompilerFlags flags;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!node.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new UserInputException("--node: not a valid node name: " + Quote.of(node));
        }
        Optional<Packet> p = packet == null ? Optional.empty() : Optional.of(packet.toPacket());
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        Optional<PolicySet> set = Inputs.load(paths, err);
        if (set.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        try {
            CompiledNode compiled = Hostwall.create(flags.toOptions()).compile(set.get(), node, facts.get().of(node));
            out.print(RulesetGraph.dot(compiled.ruleset(), p.map(compiled::explain)));
            out.flush();
            return 0;
        } catch (CompileException e) {
            return Inputs.compileFailed(e, err);
        }
    }
}

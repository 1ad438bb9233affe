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
import io.hostwall.model.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
                "The last line is 'verdict: allow' or 'verdict: deny'."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # SSH from outside to a host process on node1:",
                "  hostwall explain --node node1 --in eth0 --src 198.51.100.7 \\",
                "      --dst 10.240.0.11 --proto tcp --dport 22 examples/protect-hosts/*.yaml",
                "  # a NodePort connection after kube-proxy's DNAT, as JSON for a script:",
                "  hostwall explain --node node1 --in eth0 --src 198.51.100.7 \\",
                "      --dst 10.240.0.11 --proto tcp --dport 30080 --dnat 10.244.1.5:80 --json \\",
                "      examples/protect-hosts/*.yaml"})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node.")
    String node;

    @Mixin
    PacketOptions packet;

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
        Packet packet = this.packet.toPacket();
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(spec.commandLine().getErr());
        if (facts.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        Optional<PolicySet> set = Inputs.load(paths, spec.commandLine().getErr());
        if (set.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
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
            return ExitCode.OK.code();
        } catch (CompileException ex) {
            return Inputs.compileFailed(ex, spec.commandLine().getErr());
        }
    }
}

package io.hostwall.cli;

import io.hostwall.compiler.lint.LintWarning;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hostwall lint}: the known pitfalls, one per line; exit 0 when none, 1 when some. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Warns about policy that compiles but rarely does what was meant.",
                "Exit code 0: no warnings; 1: warnings; 2: invalid input."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # every node of the tutorial:",
                "  hostwall lint examples/protect-hosts/*.yaml",
                "  # one node with its interfaces; a CI step fails on any warning (exit 1):",
                "  hostwall lint --node node1 --host-facts facts.yaml manifests/"})
final class LintCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    NodeSelection nodes;

    @Mixin
    CompilerFlags flags;

    @Mixin
    EmptyNodeFlag emptyNode;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<PolicySet> set = Inputs.load(paths, spec.commandLine().getErr());
        if (set.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        // Options after the manifests, as lint always did: which error shows first is part of the CLI's output.
        CompileOptions options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(spec.commandLine().getErr());
        if (facts.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<String> scope = nodes == null ? List.of() : nodes.resolve(set.get(), emptyNode.allowEmptyNode);
        List<LintWarning> warnings = Hostwall.create(options).lint(set.get(), scope,
                facts.get().of(scope.isEmpty() ? Hostwall.nodes(set.get()) : scope));
        for (LintWarning w : warnings) {
            out.println(w);
        }
        out.flush();
        return (warnings.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS).code();
    }
}

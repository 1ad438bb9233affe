package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.compiler.CompiledNode;
import io.hostwall.compiler.Hostwall;
import io.hostwall.dataplane.ApplyResult;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.DataplaneSnapshot;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.DriftDetector;
import io.hostwall.dataplane.ObservedState;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hostwall apply}: a node's ruleset into the kernel of the current network namespace, idempotently. The state
 * file records what was written; the next run reads the kernel, and when it still holds that, writes only the delta
 * to the new ruleset (nothing when nothing changed). Anything else (no state file, a corrupt one, rules someone
 * flushed or edited) gets a full, atomic replace.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Writes the ruleset of node NAME, compiled from PATH..., into the kernel of the current network"
                + " namespace (run it under 'ip netns exec NS' for another one).",
                "Idempotent: the state file (--state-dir) records what was written; a second run finds no change and"
                        + " writes nothing, a run after an edit writes only the delta, and rules that were flushed"
                        + " or changed behind hostwall's back are replaced whole, in one transaction.",
                "Prints one line: what was written (steps, bytes, time) or 'nothing to write'."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # node1's rules into this namespace's nftables:",
                "  hostwall apply --backend nftables --node node1 manifests/",
                "  # what would be written, as nft commands; nothing is written:",
                "  hostwall apply --backend nftables --node node1 --dry-run manifests/",
                "  # in another network namespace, with iptables:",
                "  ip netns exec ns1 hostwall apply --backend iptables --node node1 \\",
                "      --host-interface eth0=10.240.0.11 manifests/"})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataplaneFlags target;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node whose ruleset to write.")
    String node;

    @Mixin
    CompilerFlags flags;

    @Mixin
    EmptyNodeFlag emptyNode;

    @Option(names = "--dry-run", description = "Print the transaction (the tools' input) instead of writing it;"
            + " the kernel is only read, the state file not written.")
    boolean dryRun;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Every flag is checked before the manifests are read and before the kernel is touched.
        Dataplane dataplane = target.dataplane();
        StateFile state = target.stateFile();
        var options = flags.toOptions();
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        Optional<PolicySet> set = Inputs.load(paths, err);
        if (set.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        NodeSelection.requireKnown(node, set.get(), emptyNode.allowEmptyNode);
        CompiledNode compiled;
        try {
            compiled = Hostwall.create(options).compile(set.get(), node, facts.get().of(node));
        } catch (CompileException e) {
            return Inputs.compileFailed(e, err);
        }
        for (Problem w : compiled.warnings()) {
            err.println("warning: " + w);
        }
        DesiredState desired = dataplane.desired(compiled.ruleset());
        StateFile.Loaded loaded = state.read();
        Optional<ObservedState> observed;
        try {
            observed = Optional.of(dataplane.read());
        } catch (DataplaneException e) {
            if (!dryRun) {
                throw e;
            }
            // A dry run without root still shows what a first run would write.
            err.println("warning: cannot read the kernel (" + e.getMessage() + "); showing a full replace");
            observed = Optional.empty();
        }
        ApplyPlan plan = ApplyPlan.of(desired, loaded.snapshot(), loaded.why(), observed);
        String where = target.backend().name() + ", table " + target.renderOptions().tableName();
        if (plan.delta().isEmpty()) {
            if (!dryRun) {
                // The check may have learned fingerprints the file lacked; the file is rewritten only if so.
                state.write(new DataplaneSnapshot(desired, plan.detector().fingerprints()));
            }
            out.println("nothing to write: the kernel holds node " + node + "'s ruleset (" + desired.objects().size()
                    + " objects, " + where + ") as " + state.path() + " records it");
            out.flush();
            return ExitCode.OK.code();
        }
        if (dryRun) {
            String text = dataplane.transaction(plan.delta());
            out.print(text);
            out.flush();
            err.println("dry run: would write node " + node + " (" + where + ", " + plan.basis() + "): "
                    + plan.delta().ops().size() + " steps, " + text.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; nothing written");
            err.flush();
            return ExitCode.OK.code();
        }
        ApplyResult result = dataplane.apply(plan.delta());
        // Learn the fingerprints of what was just written, so the next run can tell it from an edit.
        DriftDetector detector = plan.detector();
        detector.written(plan.delta());
        DriftDetector.Drift after = detector.check(desired, dataplane.read());
        if (!after.isEmpty()) {
            err.println("warning: right after the write the kernel differs from it (" + after.count()
                    + " objects); the next run replaces everything");
        }
        state.write(new DataplaneSnapshot(desired, detector.fingerprints()));
        out.println("applied node " + node + " (" + where + ", " + plan.basis() + "): " + result.steps() + " steps, "
                + result.bytes() + " bytes, " + result.transactions() + " transaction"
                + (result.transactions() == 1 ? "" : "s") + ", " + result.duration().toMillis() + " ms");
        out.flush();
        return ExitCode.OK.code();
    }
}

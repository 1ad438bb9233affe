package io.hostwall.cli;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.policytest.PolicyTestCase;
import io.hostwall.compiler.policytest.PolicyTestException;
import io.hostwall.compiler.policytest.PolicyTestReport;
import io.hostwall.compiler.policytest.PolicyTestResult;
import io.hostwall.compiler.policytest.PolicyTestRunner;
import io.hostwall.compiler.policytest.PolicyTestSuite;
import io.hostwall.model.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hostwall test}: policy tests (expected verdicts of packets on nodes) run against the policy and against the
 * compiled ruleset. Bad test files are reported whole, every problem located, before anything runs: a run that
 * silently skips a broken test would pass for the wrong reason.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs policy tests: expected verdicts (and deciding policies) of packets on nodes.",
                "Each packet is checked against the policy and against the compiled ruleset; they must agree.",
                "Prints one line per failed test with what decided instead, then a summary line.",
                "Exit 0: all passed; 1: a test failed (or the compiler disagreed with the policy); 2: bad input."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # the tutorial's promises, as policy tests:",
                "  hostwall test examples/policy-tests/protect-hosts.yaml \\",
                "      --manifests examples/protect-hosts/*.yaml",
                "  # every test, printing passes too:",
                "  hostwall test -v tests/*.yaml --manifests manifests/"})
final class TestCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifests", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Manifest files or directories under test.")
    List<Path> manifests;

    @Option(names = {"-v", "--verbose"}, description = "Also print a line for every passed test.")
    boolean verbose;

    @Mixin
    CompilerFlags flags;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy test files (YAML, or JSON for *.json).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<HostFacts> facts = flags.hostFacts(err);
        if (facts.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        List<PolicyTestSuite> suites = new ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            try {
                suites.add(PolicyTestSuite.load(f));
            } catch (PolicyTestException e) {
                Inputs.print(e.problems(), err);
                bad = true;
            }
        }
        Optional<PolicySet> set = Inputs.load(manifests, err);
        if (bad || set.isEmpty()) {
            return Main.EXIT_BAD_INPUT;
        }
        List<String> nodes = suites.stream().flatMap(s -> s.cases().stream()).map(PolicyTestCase::node).toList();
        PolicyTestRunner.Options options = new PolicyTestRunner.Options(flags.toOptions(), facts.get().of(nodes));
        PolicyTestReport report = PolicyTestRunner.run(set.get(), ImmutableList.copyOf(suites), options);
        for (PolicyTestResult r : report.results()) {
            if (verbose || !r.passed()) {
                out.println(r.line());
            }
        }
        out.println(report.summary());
        out.flush();
        if (report.count(PolicyTestResult.Status.ERROR) > 0) {
            return Main.EXIT_BAD_INPUT;
        }
        return report.passed() ? 0 : Main.EXIT_FINDINGS;
    }
}

package io.hostwall.maven;

import com.google.common.collect.ImmutableMap;
import io.hostwall.compiler.policytest.PolicyTestException;
import io.hostwall.compiler.policytest.PolicyTestReport;
import io.hostwall.compiler.policytest.PolicyTestResult;
import io.hostwall.compiler.policytest.PolicyTestRunner;
import io.hostwall.compiler.policytest.PolicyTestSuite;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code hostwall:test}: runs policy test files against the manifests (each packet against the policy and the
 * compiled ruleset, as {@code hostwall test} does); fails the build naming every failed test. Bound to {@code test}.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public final class TestMojo extends AbstractHostwallMojo {

    /** Policy test files, or directories searched (recursively) for *.yaml, *.yml and *.json. */
    @Parameter(required = true)
    protected List<File> tests;

    /** Skips the policy tests, as {@code -DskipTests} does for unit tests. */
    @Parameter(property = "skipTests", defaultValue = "false")
    protected boolean skipTests;

    /** Created by Maven. */
    public TestMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests) {
            getLog().info("hostwall: policy tests skipped");
            return;
        }
        List<PolicyTestSuite> suites = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : testFiles()) {
            try {
                suites.add(PolicyTestSuite.load(file));
            } catch (PolicyTestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw failure("the policy test files have problems", problems);
        }
        PolicySet cluster = loadManifests();
        PolicyTestReport report = PolicyTestRunner.run(cluster, suites,
                new PolicyTestRunner.Options(compileOptions(), ImmutableMap.of()));
        for (PolicyTestResult r : report.results()) {
            if (r.passed()) {
                getLog().debug(r.line());
            } else {
                getLog().error(r.line());
            }
        }
        getLog().info("hostwall: " + report.summary());
        if (!report.passed()) {
            List<String> names = report.failures().stream()
                    .map(f -> "\"" + f.testCase().name() + "\" (" + f.status() + ", " + f.testCase().location() + ")")
                    .toList();
            throw new MojoFailureException("hostwall: " + report.failures().size() + " policy test(s) failed: "
                    + String.join(", ", names));
        }
    }

    private List<Path> testFiles() throws MojoFailureException, MojoExecutionException {
        if (tests == null || tests.isEmpty()) {
            throw new MojoFailureException("hostwall: give <tests> (policy test files or directories)");
        }
        List<Path> out = new ArrayList<>();
        for (File f : tests) {
            Path p = f.toPath();
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(x -> x.toString().matches(".*\\.(yaml|yml|json)"))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new MojoExecutionException("hostwall: cannot read " + p + ": " + e.getMessage(), e);
                }
            } else {
                throw new MojoFailureException("hostwall: no such policy test file or directory: " + p);
            }
        }
        if (out.isEmpty()) {
            throw new MojoFailureException("hostwall: no policy test files in " + tests);
        }
        return out;
    }
}

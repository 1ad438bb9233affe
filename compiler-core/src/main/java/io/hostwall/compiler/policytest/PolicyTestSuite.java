package io.hostwall.compiler.policytest;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.model.Problem;
import io.hostwall.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One policy test file: expectations about packets on nodes, checked by {@link PolicyTestRunner} against both the
 * policy (the oracle) and the compiled ruleset. YAML, or JSON for a {@code .json} name:
 *
 * <pre>{@code
 * facts:                      # optional: node -> interface -> addresses, as hostwall --host-facts
 *   node1: {eth0: [10.240.0.11]}
 * node: node1                 # optional: the node of every test that names none
 * tests:
 *   - name: ssh from outside is dropped
 *     packet: {in: eth0, src: 203.0.113.7, dst: 10.240.0.11, proto: tcp, dport: 22}
 *     expect: deny
 *     policy: drop-other-ingress      # optional: the policy (or profile) whose rule decides
 *     rule: ingress[0]                # optional: which rule (or just its index: 0)
 * }</pre>
 *
 * <p>A packet has the fields of {@code hostwall explain}'s flags: {@code in}, {@code out}, {@code src}, {@code dst},
 * {@code proto}, {@code sport}, {@code dport}, {@code icmp-type}, {@code icmp-code}, {@code dnat} ({@code IP} or
 * {@code IP:PORT}), {@code established}, {@code invalid}. A test may carry its own {@code facts} (interface →
 * addresses) for its node.
 *
 * @param source the file name problems and failures print
 * @param facts node → facts given by the file
 * @param cases the tests, in file order
 */
public record PolicyTestSuite(String source, ImmutableSortedMap<String, NodeFacts> facts,
        ImmutableList<PolicyTestCase> cases) {

    /**
     * Checks that test names are unique.
     *
     * @param source the file name
     * @param facts node → facts
     * @param cases the tests
     * @throws IllegalArgumentException when two tests share a name
     */
    public PolicyTestSuite {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(cases, "cases");
        if (cases.stream().map(PolicyTestCase::name).distinct().count() != cases.size()) {
            throw new IllegalArgumentException("two tests of " + source + " share a name");
        }
    }

    /**
     * Reads a test file.
     *
     * @param file the file
     * @return the suite
     * @throws PolicyTestException with every problem of the file (or the reason it cannot be read), each located
     */
    public static PolicyTestSuite load(Path file) throws PolicyTestException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw single(source, "not UTF-8 text");
        } catch (IOException e) {
            throw single(source, Files.exists(file) ? "cannot read: " + e.getMessage() : "no such file");
        }
        return parse(source, text);
    }

    /**
     * Reads test text.
     *
     * @param source what problems print as the file; a name ending in {@code .json} is read as JSON
     * @param text the text
     * @return the suite
     * @throws PolicyTestException with every problem found, each located
     */
    public static PolicyTestSuite parse(String source, String text) throws PolicyTestException {
        List<Problem> problems = new ArrayList<>();
        Optional<PolicyTestSuite> suite = new SuiteReader(source, problems).read(text);
        if (!problems.isEmpty() || suite.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new Problem(Optional.of(new SourceLocation(source, 1)), Optional.empty(), "",
                        "not a policy test file"));
            }
            throw new PolicyTestException(ImmutableList.copyOf(problems));
        }
        return suite.get();
    }

    private static PolicyTestException single(String source, String message) {
        return new PolicyTestException(ImmutableList.of(new Problem(Optional.empty(), Optional.empty(), "",
                source + ": " + message)));
    }
}

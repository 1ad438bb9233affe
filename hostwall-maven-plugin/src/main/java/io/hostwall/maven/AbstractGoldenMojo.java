package io.hostwall.maven;

import io.hostwall.compiler.CompileException;
import io.hostwall.model.PolicySet;
import java.io.File;
import java.util.List;
import java.util.SortedMap;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters of {@code generate} and {@code check}: which nodes and backends, and where their files live. */
public abstract class AbstractGoldenMojo extends AbstractHostwallMojo {

    /** The nodes whose rulesets are kept; empty (the default): every node that has a host endpoint. */
    @Parameter
    protected List<String> nodes = List.of();

    /** The backends: {@code nftables}, {@code iptables} or both. */
    @Parameter(defaultValue = "nftables")
    protected List<String> backends = List.of("nftables");

    /** Where the golden files are, one per node and document: {@code NODE.nft}, {@code NODE.iptables}, ... */
    @Parameter(property = "hostwall.goldenDirectory", defaultValue = "${project.basedir}/src/test/hostwall/golden")
    protected File goldenDirectory;

    /** For subclasses. */
    protected AbstractGoldenMojo() {}

    /**
     * What the selection is.
     *
     * @return nodes and backends
     * @throws MojoFailureException when a backend is unknown
     */
    RulesetFiles.Selection selection() throws MojoFailureException {
        try {
            return new RulesetFiles.Selection(nodes == null ? List.of() : nodes,
                    RulesetFiles.backends(backends == null || backends.isEmpty() ? List.of("nftables") : backends));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("hostwall: backends: " + e.getMessage());
        }
    }

    /**
     * The files the manifests compile to now.
     *
     * @param cluster the manifests
     * @param selection the nodes and backends
     * @return file name → content
     * @throws MojoFailureException when a node does not compile, or no node is selected
     */
    SortedMap<String, String> render(PolicySet cluster, RulesetFiles.Selection selection) throws MojoFailureException {
        if (RulesetFiles.nodes(cluster, selection).isEmpty()) {
            throw new MojoFailureException("hostwall: the manifests have no HostEndpoint, so there is no node to"
                    + " compile; name the nodes in <nodes>");
        }
        try {
            return RulesetFiles.render(cluster, selection, compileOptions());
        } catch (CompileException e) {
            throw failure("a node does not compile", e.problems());
        }
    }
}

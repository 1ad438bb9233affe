package io.hostwall.maven;

import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.DenyAction;
import io.hostwall.compiler.Hostwall;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal reads: the manifests and the compile options, named as {@code hostwall compile}'s flags are. A
 * problem in the user's input fails the build ({@link MojoFailureException}) with every problem located, as the CLI
 * prints them: it is the project's fault, not the plugin's.
 */
public abstract class AbstractHostwallMojo extends AbstractMojo {

    /** Manifest files or directories (directories are searched recursively for *.yaml, *.yml, *.json). */
    @Parameter(required = true)
    protected List<File> manifests;

    /** How the filter stage denies: {@code drop} or {@code reject}. */
    @Parameter(property = "hostwall.deny", defaultValue = "drop")
    protected String deny;

    /** Prefix of chain and set names. */
    @Parameter(property = "hostwall.chainPrefix", defaultValue = "hw")
    protected String chainPrefix;

    /** Skips the goal. */
    @Parameter(property = "hostwall.skip", defaultValue = "false")
    protected boolean skip;

    /** For subclasses. */
    protected AbstractHostwallMojo() {}

    /**
     * The compile options the parameters give.
     *
     * @return the options
     * @throws MojoFailureException when a parameter has a value hostwall does not accept
     */
    protected CompileOptions compileOptions() throws MojoFailureException {
        CompileOptions.Builder b = CompileOptions.builder();
        switch (deny.toLowerCase(Locale.ROOT)) {
            case "drop" -> b.denyAction(DenyAction.DROP);
            case "reject" -> b.denyAction(DenyAction.REJECT);
            default -> throw new MojoFailureException("hostwall: deny must be drop or reject, not \"" + deny + "\"");
        }
        try {
            return b.chainPrefix(chainPrefix).build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("hostwall: chainPrefix: " + e.getMessage());
        }
    }

    /**
     * Loads the manifests.
     *
     * @return the cluster
     * @throws MojoFailureException with every problem of every file when they do not load
     */
    protected PolicySet loadManifests() throws MojoFailureException {
        if (manifests == null || manifests.isEmpty()) {
            throw new MojoFailureException("hostwall: give <manifests> (files or directories)");
        }
        List<Path> paths = new ArrayList<>();
        for (File f : manifests) {
            if (!f.exists()) {
                throw new MojoFailureException("hostwall: no such manifest file or directory: " + f);
            }
            paths.add(f.toPath());
        }
        try {
            return Hostwall.load(paths);
        } catch (ManifestException e) {
            throw failure("the manifests have problems", e.problems());
        }
    }

    /**
     * A build failure listing problems, each also logged as an error line.
     *
     * @param what the first line
     * @param problems the problems
     * @return the exception to throw
     */
    protected MojoFailureException failure(String what, List<Problem> problems) {
        StringBuilder sb = new StringBuilder("hostwall: ").append(what).append(':');
        for (Problem p : problems) {
            getLog().error(p.toString());
            sb.append("\n  ").append(p);
        }
        return new MojoFailureException(sb.toString());
    }
}

package io.hostwall.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code hostwall:generate}: writes the golden rulesets of the chosen nodes and backends into the golden directory,
 * to be reviewed as a diff and committed. Not bound to a phase: regenerating is a decision, made on the command line
 * ({@code mvn hostwall:generate}) after an intended change.
 */
@Mojo(name = "generate", threadSafe = true)
public final class GenerateMojo extends AbstractGoldenMojo {

    /** Created by Maven. */
    public GenerateMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("hostwall: skipped");
            return;
        }
        SortedMap<String, String> files = render(loadManifests(), selection());
        Path dir = goldenDirectory.toPath();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("hostwall: cannot write to " + dir + ": " + e.getMessage(), e);
        }
        getLog().info("hostwall: wrote " + files.size() + " golden file(s) to " + dir);
    }
}

package io.hostwall.maven;

import io.hostwall.spi.DocumentKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code hostwall:check}: compiles the chosen nodes and backends and compares the result with the committed golden
 * files; fails the build with a unified diff per stale file (missing files and files no longer produced count as
 * stale). Bound to {@code verify}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class CheckMojo extends AbstractGoldenMojo {

    /** Created by Maven. */
    public CheckMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("hostwall: skipped");
            return;
        }
        RulesetFiles.Selection selection = selection();
        SortedMap<String, String> files = render(loadManifests(), selection);
        Path dir = goldenDirectory.toPath();
        List<String> stale = new ArrayList<>();
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                if (!Files.isRegularFile(file)) {
                    stale.add(f.getKey() + " (missing)");
                    getLog().error("hostwall: golden file " + file + " is missing");
                    continue;
                }
                String committed = Files.readString(file, StandardCharsets.UTF_8);
                if (!committed.equals(f.getValue())) {
                    stale.add(f.getKey());
                    String diff = UnifiedDiff.of("a/" + f.getKey(), committed, "b/" + f.getKey(), f.getValue());
                    getLog().error("hostwall: golden file " + file + " is stale:\n" + diff);
                }
            }
            for (String extra : unexpected(dir, selection, files.keySet())) {
                stale.add(extra + " (no longer produced)");
                getLog().error("hostwall: golden file " + dir.resolve(extra) + " is no longer produced; delete it");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("hostwall: cannot read " + dir + ": " + e.getMessage(), e);
        }
        if (!stale.isEmpty()) {
            throw new MojoFailureException("hostwall: " + stale.size() + " golden file(s) in " + dir
                    + " differ from what the manifests compile to: " + String.join(", ", stale)
                    + ". Review the diff above; if the change is intended, run 'mvn hostwall:generate' and commit.");
        }
        getLog().info("hostwall: " + files.size() + " golden file(s) up to date in " + dir);
    }

    /**
     * Files in {@code dir} of the selection's document kinds (and, when nodes are named, of those nodes) that are
     * not produced any more: a node that lost its host endpoint must not keep a ruleset that looks reviewed.
     */
    private static Set<String> unexpected(Path dir, RulesetFiles.Selection selection, Set<String> produced)
            throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || produced.contains(name) || !Files.isRegularFile(p)) {
                    continue;
                }
                String node = name.substring(0, dot);
                boolean ours = selection.kinds().stream().map(DocumentKind::suffix)
                        .anyMatch(s -> s.equals(name.substring(dot + 1)));
                if (ours && (selection.nodes().isEmpty() || selection.nodes().contains(node))) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}

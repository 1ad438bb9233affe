package io.hostwall.model.manifest;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.SourceLocation;
import io.hostwall.model.validation.DocumentValidator;
import io.hostwall.model.validation.ResourceCollector;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.ManifestFiles;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ManifestReader;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableList;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Loads {@code projectcalico.org/v3} manifests into a validated, defaulted {@link PolicySet}.
 *
 * <p>Input: YAML (several documents separated by {@code ---}) or JSON; resources of the kinds in {@link ResourceKind},
 * alone or in a {@code List} / {@code <Kind>List} with {@code items}. Either every resource is valid and the set is
 * returned, or a {@link ManifestException} carries every problem found in every source, each with its file, line,
 * resource and field: syntax errors, unknown kinds and fields, wrong types, duplicate keys, a name used twice for one
 * kind (across all sources), and every Calico validation rule. Nothing else is thrown for any input.
 *
 * <p>Results do not depend on the order of files or documents: directories are read in name order and the set's
 * lists are sorted by name.
 */
public final class ManifestLoader {
    private ManifestLoader() {}

    /**
     * Loads files and directories. A directory is searched recursively for {@code *.yaml}, {@code *.yml} and
     * {@code *.json}, in name order; a file named directly is read whatever its extension ({@code .json} as JSON,
     * anything else as YAML). A path that does not exist or cannot be read is a problem like any other.
     *
     * @param paths files and directories
     * @return the cluster's resources
     * @throws ManifestException with every problem found, if any resource is invalid or any input unreadable
     */
    public static PolicySet load(List<Path> paths) throws ManifestException {
        Objects.requireNonNull(paths, "paths");
        List<Problem> problems = new ArrayList<>();
        List<ManifestText> texts = ManifestFiles.read(List.copyOf(paths), problems);
        return load(texts, problems);
    }

    /**
     * {@link #load(List)} for a few paths.
     *
     * @param paths files and directories
     * @return the cluster's resources
     * @throws ManifestException with every problem found, if any resource is invalid or any input unreadable
     */
    public static PolicySet load(Path... paths) throws ManifestException {
        return load(List.of(paths));
    }

    /**
     * Loads manifest text.
     *
     * @param sourceName what problems print as the file (e.g. {@code "stdin"}); {@code .json} is read as JSON
     * @param content the manifest text
     * @return the cluster's resources
     * @throws ManifestException with every problem found, if any resource is invalid or any input unreadable
     */
    public static PolicySet loadText(String sourceName, String content) throws ManifestException {
        return loadTexts(List.of(new ManifestText(sourceName, content)));
    }

    /**
     * Loads several texts as one cluster (names must be unique across them, as across files).
     *
     * @param texts the manifest texts
     * @return the cluster's resources
     * @throws ManifestException with every problem found, if any resource is invalid or any input unreadable
     */
    public static PolicySet loadTexts(Collection<ManifestText> texts) throws ManifestException {
        return load(List.copyOf(texts), new ArrayList<>());
    }

    /**
     * Reads {@code in} to the end (UTF-8) and loads it; the stream is not closed.
     *
     * @param sourceName what problems print as the file (e.g. {@code "stdin"}); {@code .json} is read as JSON
     * @param in the manifest text, UTF-8
     * @return the cluster's resources
     * @throws ManifestException with every problem found, if any resource is invalid or any input unreadable
     */
    public static PolicySet loadStream(String sourceName, InputStream in) throws ManifestException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(in, "in");
        List<Problem> problems = new ArrayList<>();
        List<ManifestText> texts = new ArrayList<>();
        ManifestFiles.read(in, sourceName, problems).ifPresent(texts::add);
        return load(texts, problems);
    }

    private static PolicySet load(List<ManifestText> texts, List<Problem> problems) throws ManifestException {
        ResourceCollector collector = new ResourceCollector();
        for (ManifestText text : texts) {
            List<Problem> found = new ArrayList<>();
            ProblemReport report = new ProblemReport(text.sourceName(), found);
            try {
                for (ManifestNode document : ManifestReader.read(text.content(),
                        ManifestReader.Format.forSource(text.sourceName()), report)) {
                    DocumentValidator.validate(document, report, collector);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // A bug in a validator must not turn bad input into a crash; report it like any problem.
                report.add(0, FieldPath.ROOT, "internal error while validating " + text.sourceName() + ": " + e);
            }
            // Within a source, problems are listed by line; sources keep the order they were given in.
            found.sort(Comparator.comparingInt(p -> p.location().map(SourceLocation::line).orElse(0)));
            problems.addAll(found);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(ImmutableList.copyOf(problems));
        }
        return collector.toPolicySet();
    }
}

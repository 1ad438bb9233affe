package io.hostwall.model.manifest;

import io.hostwall.model.Names;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.SourceLocation;
import io.hostwall.model.validation.DocumentValidator;
import io.hostwall.model.validation.ResourceCollector;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.LoadBudget;
import io.hostwall.model.yaml.ManifestFiles;
import io.hostwall.model.yaml.ManifestReader;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableList;
import java.io.InputStream;
import java.io.Reader;
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
 * kind (across all sources), every Calico validation rule, and the limits of {@link ManifestLimits}. Nothing else is
 * thrown for any input.
 *
 * <p>Sources are streamed (read on a reader thread at most a few batches of documents ahead of validation, with
 * the same outcome as reading and validating in turn): memory grows with the resources loaded, not with the text,
 * and input over a limit is refused as soon as the limit is crossed.
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
     * @return the validated resources
     * @throws ManifestException with every problem found
     */
    public static PolicySet load(List<Path> paths) throws ManifestException {
        Objects.requireNonNull(paths, "paths");
        List<Problem> problems = new ArrayList<>();
        List<ManifestFiles.Source> sources = ManifestFiles.read(List.copyOf(paths), problems);
        return load(sources, problems);
    }

    /**
     * {@link #load(List)} for a few paths.
     *
     * @param paths files and directories
     * @return the validated resources
     * @throws ManifestException with every problem found
     */
    public static PolicySet load(Path... paths) throws ManifestException {
        return load(List.of(paths));
    }

    /**
     * Loads manifest text.
     *
     * @param sourceName what problems print as the file (e.g. {@code "stdin"})
     * @param content the text
     * @return the validated resources
     * @throws ManifestException with every problem found
     */
    public static PolicySet loadText(String sourceName, String content) throws ManifestException {
        return loadTexts(List.of(new ManifestText(sourceName, content)));
    }

    /**
     * Loads several texts as one cluster (names must be unique across them, as across files).
     *
     * @param texts the texts and their names
     * @return the validated resources
     * @throws ManifestException with every problem found
     */
    public static PolicySet loadTexts(Collection<ManifestText> texts) throws ManifestException {
        return load(texts.stream().map(ManifestFiles.Source::of).toList(), new ArrayList<>());
    }

    /**
     * Reads {@code in} to the end (strict UTF-8) and loads it; the stream is not closed. Reading stops at the first
     * limit crossed ({@link ManifestLimits#MAX_FILE_BYTES} for the stream).
     *
     * @param sourceName what problems print as the file
     * @param in the stream
     * @return the validated resources
     * @throws ManifestException with every problem found
     */
    public static PolicySet loadStream(String sourceName, InputStream in) throws ManifestException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(in, "in");
        return load(List.of(ManifestFiles.Source.of(sourceName, in)), new ArrayList<>());
    }

    private static PolicySet load(List<ManifestFiles.Source> sources, List<Problem> problems) throws ManifestException {
        ResourceCollector collector = new ResourceCollector();
        LoadBudget budget = new LoadBudget();
        for (ManifestFiles.Source source : sources) {
            List<Problem> found = new ArrayList<>();
            ProblemReport report = new ProblemReport(source.name(), found);
            try {
                Reader reader = source.opener().open();
                try {
                    ManifestReader.read(reader, ManifestReader.Format.forSource(source.name()), report, budget,
                            ManifestLimits.MAX_FILE_BYTES,
                            document -> DocumentValidator.validate(document, report, collector));
                } finally {
                    if (source.closeAfterReading()) {
                        reader.close();
                    }
                }
            } catch (java.io.IOException e) {
                found.add(ManifestFiles.fileProblem(source.name() + ": cannot read: " + e.getMessage()));
            } catch (RuntimeException | StackOverflowError e) {
                // A bug in a validator must not turn bad input into a crash; report it like any problem.
                report.add(0, FieldPath.ROOT, "internal error while validating " + source.name() + ": "
                        + Names.cut(e.toString()));
            }
            // Within a source, problems are listed by line (a stable sort: equal lines keep the order found);
            // sources keep the order they were given in.
            found.sort(Comparator.comparingInt(ManifestLoader::lineOf));
            problems.addAll(found);
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(ImmutableList.copyOf(problems));
        }
        return collector.toPolicySet();
    }

    private static int lineOf(Problem p) {
        return p.location().isPresent() ? p.location().get().line() : 0;
    }
}

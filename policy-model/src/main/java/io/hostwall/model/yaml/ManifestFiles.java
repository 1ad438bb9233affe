package io.hostwall.model.yaml;

import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestLimits;
import io.hostwall.model.manifest.ManifestText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the paths a user gives into sources: files as given, directories walked recursively in name order (so
 * results never depend on the file system's listing order), each file read once. Sources are opened one at a time,
 * when they are read, and streamed: no file is held in memory whole.
 */
public final class ManifestFiles {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    /** Opens a source's text. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens the text.
         *
         * @return a reader of the text, strictly decoded (invalid UTF-8 fails the read)
         * @throws IOException when it cannot be opened
         */
        Reader open() throws IOException;
    }

    /**
     * One source of manifests.
     *
     * @param name what problems print as its file
     * @param opener opens its text
     * @param closeAfterReading whether the loader closes what {@code opener} returns (not a caller's stream)
     */
    public record Source(String name, Opener opener, boolean closeAfterReading) {
        /**
         * A text in memory.
         *
         * @param text the text and its name
         * @return the source
         */
        public static Source of(ManifestText text) {
            return new Source(text.sourceName(), () -> new StringReader(text.content()), true);
        }

        /**
         * A caller's stream, decoded as strict UTF-8 and not closed.
         *
         * @param name what problems print as its file
         * @param in the stream
         * @return the source
         */
        public static Source of(String name, InputStream in) {
            return new Source(name, () -> new InputStreamReader(in, strictUtf8()), false);
        }
    }

    private ManifestFiles() {}

    /**
     * The sources of {@code paths}; paths that do not exist, cannot be listed or are over
     * {@link ManifestLimits#MAX_FILE_BYTES} become problems in {@code problems}.
     *
     * @param paths files and directories
     * @param problems where problems go
     * @return the files to read, in order
     */
    public static List<Source> read(List<Path> paths, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        Set<Path> visitedDirectories = new HashSet<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                walk(path, files, visitedDirectories, problems);
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                problems.add(fileProblem(path + ": no such file or directory"));
            }
        }
        List<Source> sources = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path file : files) {
            // A file named directly and again through its directory is still one file.
            if (seen.add(canonical(file)) && sizeIsWithinLimit(file, problems)) {
                sources.add(new Source(file.toString(),
                        () -> new InputStreamReader(Files.newInputStream(file), strictUtf8()), true));
            }
        }
        return sources;
    }

    /** A file known to be too large is refused before it is opened (streams are stopped while read). */
    private static boolean sizeIsWithinLimit(Path file, List<Problem> problems) {
        try {
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size > ManifestLimits.MAX_FILE_BYTES) {
                problems.add(fileProblem(file + ": the file is " + size + " bytes; the limit is "
                        + ManifestLimits.bytes(ManifestLimits.MAX_FILE_BYTES) + " per file"));
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return true; // reading it will report why it cannot be read
        }
    }

    private static void walk(Path dir, List<Path> files, Set<Path> visited, List<Problem> problems) {
        if (!visited.add(canonical(dir))) {
            return; // a symbolic link back up the tree
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | RuntimeException e) {
            problems.add(fileProblem(dir + ": cannot list directory: " + e.getMessage()));
            return;
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                walk(entry, files, visited, problems);
            } else if (isManifest(entry)) {
                files.add(entry);
            }
        }
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith) && Files.isRegularFile(file);
    }

    /** Strict UTF-8: a mangled file should fail loudly, not load altered text. */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * A problem about a whole source.
     *
     * @param message the problem, starting with the source's name
     * @return the problem, without a line
     */
    public static Problem fileProblem(String message) {
        return new Problem(java.util.Optional.empty(), java.util.Optional.empty(), "", message);
    }
}

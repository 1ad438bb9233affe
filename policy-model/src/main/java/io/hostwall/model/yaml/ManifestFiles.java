package io.hostwall.model.yaml;

import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the paths a user gives into manifest texts: files as given, directories walked recursively in name order
 * (so results never depend on the file system's listing order), each file read once.
 */
public final class ManifestFiles {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private ManifestFiles() {}

    /** The texts of {@code paths}; unreadable paths become problems in {@code problems}. */
    public static List<ManifestText> read(List<Path> paths, List<Problem> problems) {
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
        List<ManifestText> texts = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path file : files) {
            // A file named directly and again through its directory is still one file.
            if (seen.add(canonical(file))) {
                text(file, problems).ifPresent(texts::add);
            }
        }
        return texts;
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

    private static Optional<ManifestText> text(Path file, List<Problem> problems) {
        try {
            return decode(file.toString(), Files.readAllBytes(file), problems);
        } catch (IOException | RuntimeException e) {
            problems.add(fileProblem(file + ": cannot read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    public static Optional<ManifestText> read(InputStream in, String sourceName, List<Problem> problems) {
        try {
            return decode(sourceName, in.readAllBytes(), problems);
        } catch (IOException | RuntimeException e) {
            problems.add(fileProblem(sourceName + ": cannot read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** Strict UTF-8 (a byte-order mark is dropped): a mangled file should fail loudly, not load altered text. */
    private static Optional<ManifestText> decode(String sourceName, byte[] bytes, List<Problem> problems) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(new ManifestText(sourceName, text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (CharacterCodingException e) {
            problems.add(fileProblem(sourceName + ": not valid UTF-8"));
            return Optional.empty();
        }
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Problem fileProblem(String message) {
        return new Problem(Optional.empty(), Optional.empty(), "", message);
    }
}

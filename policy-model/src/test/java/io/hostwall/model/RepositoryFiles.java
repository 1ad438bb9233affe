package io.hostwall.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the tests read from outside the module: {@code ../shared/...} next to the repository and {@code examples/...}
 * inside it. The repository root is the system property {@code hostwall.root} (set by surefire); without it, the
 * nearest directory above the working directory that holds the file. A file that cannot be found fails the test.
 */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /** {@code shared/<relative>}, e.g. {@code conformance/validation.json}. */
    static Path shared(String relative) {
        return find(Path.of("..", "shared", relative), Path.of("shared", relative));
    }

    /** {@code examples/<relative>} in the repository. */
    static Path examples(String relative) {
        return find(Path.of("examples", relative), Path.of("examples", relative));
    }

    private static Path find(Path underRoot, Path underAncestor) {
        String root = System.getProperty("hostwall.root");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root).resolve(underRoot).normalize();
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(underAncestor))) {
                return dir.resolve(underAncestor);
            }
        }
        return fail("cannot find " + underAncestor + " (hostwall.root=" + root + ", working directory "
                + Path.of("").toAbsolutePath() + ")");
    }
}

package io.hostwall.cli;

import io.hostwall.compiler.CompileException;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loading manifests for a command, reporting every problem on stderr in the model's one-line form. */
final class Inputs {
    private Inputs() {}

    /** The policy set in {@code paths}, or empty after printing every problem to {@code err}. */
    static Optional<PolicySet> load(List<Path> paths, PrintWriter err) {
        for (Path p : paths) {
            if (p.toString().isEmpty()) {
                // Path.of("") is the working directory: an unset shell variable must not load whatever is there.
                throw new UserInputException("a manifest path is empty");
            }
            if (!Files.exists(p)) {
                throw new UserInputException("no such file or directory: " + Quote.cut(p.toString()));
            }
        }
        try {
            return Optional.of(ManifestLoader.load(paths));
        } catch (ManifestException e) {
            print(e.problems(), err);
            return Optional.empty();
        }
    }

    static void print(List<Problem> problems, PrintWriter err) {
        for (Problem p : problems) {
            err.println(p);
        }
        err.flush();
    }

    static int compileFailed(CompileException e, PrintWriter err) {
        print(e.problems(), err);
        return ExitCode.BAD_INPUT.code();
    }
}

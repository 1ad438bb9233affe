package io.hostwall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hostwall generate-man-pages DIR}: a man page per command, from the same model as {@code --help}. */
@Command(name = "generate-man-pages", mixinStandardHelpOptions = true,
        description = {"Writes a man page (troff) for hostwall and for each of its commands into DIR.",
                "Prints the files written, one per line."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  hostwall generate-man-pages man/ && man -l man/hostwall-compile.1",
                "  # for this user's man command:",
                "  hostwall generate-man-pages ~/.local/share/man/man1"})
final class ManPageCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Where to write hostwall.1, hostwall-compile.1, ...")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (Path p : ManPages.write(spec.root().commandLine(), dir)) {
                out.println(p);
            }
        } catch (IOException e) {
            throw new UserInputException("cannot write man pages to " + dir + ": " + e.getMessage());
        }
        out.flush();
        return ExitCode.OK.code();
    }
}

package io.hostwall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's conventions, for every command there is (a command added later is checked without touching this test):
 * help with examples that run, one exit-code table (enum = help = README), a completion script and a man page.
 */
class CliConventionsTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "protect-hosts");

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<CommandLine> commands() {
        return Main.commands(Main.commandLine());
    }

    /** {@code hostwall compile} → {@code [compile]}; the root → {@code []}. */
    private static List<String> path(CommandLine c) {
        List<String> names = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
        return names.subList(1, names.size());
    }

    /** The usage text of a command as {@code hostwall [path] --help} prints it. */
    private static String help(CommandLine c) {
        List<String> args = new ArrayList<>(path(c));
        args.add("--help");
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), "--help of " + c.getCommandSpec().qualifiedName() + ": " + r.err());
        return r.out();
    }

    /** The example command lines after "Examples:", continuation lines joined; comments dropped. */
    private static List<String> examples(String help) {
        int at = help.indexOf("\nExamples:\n");
        assertTrue(at >= 0, "no Examples: section in\n" + help);
        List<String> commands = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : help.substring(at + "\nExamples:\n".length()).lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            pending.append(l.endsWith("\\") ? l.substring(0, l.length() - 1) : l);
            if (!l.endsWith("\\")) {
                commands.add(pending.toString().replaceAll("\\s+", " ").strip());
                pending.setLength(0);
            }
        }
        return commands;
    }

    @Test
    void theTreeHasTheExpectedCommands() {
        List<String> names = commands().stream().map(c -> c.getCommandSpec().qualifiedName()).toList();
        for (String n : List.of("hostwall", "hostwall compile", "hostwall explain", "hostwall lint", "hostwall help",
                "hostwall generate-completion", "hostwall generate-man-pages")) {
            assertTrue(names.contains(n), n + " in " + names);
        }
    }

    @Test
    void everyCommandsHelpHasExamplesOfThatCommandThatFitTheScreen() {
        for (CommandLine c : commands()) {
            String help = help(c);
            List<String> examples = examples(help);
            String self = String.join(" ", c.getCommandSpec().qualifiedName());
            assertFalse(examples.isEmpty(), self);
            assertTrue(examples.stream().anyMatch(e -> e.startsWith(self + " ") || e.equals(self)
                            || e.contains("<(" + self + ")") || e.contains("(" + self)),
                    self + " has no example of itself: " + examples);
            String section = help.substring(help.indexOf("\nExamples:\n"));
            section.lines().forEach(l -> assertTrue(l.length() <= 80, "wraps: " + l));
        }
    }

    /**
     * The examples that use only the tutorial's manifests run as written (the glob expanded as a shell would, output
     * redirections and what follows {@code &&} left out): a broken example is a broken promise.
     */
    @Test
    void theTutorialExamplesRun() throws IOException {
        List<String> manifests;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            manifests = s.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
        int ran = 0;
        for (CommandLine c : commands()) {
            for (String e : examples(help(c))) {
                if (!e.startsWith("hostwall ") || !e.contains("examples/protect-hosts/*.yaml")) {
                    continue;
                }
                String command = e.split(" (>|&&|\\|) ")[0];
                List<String> args = new ArrayList<>();
                for (String token : command.substring("hostwall ".length()).split(" ")) {
                    if (token.equals("examples/protect-hosts/*.yaml")) {
                        args.addAll(manifests);
                    } else if (token.startsWith("examples/")) {
                        // Another file of the repository (a policy test file): as written, from the repository root.
                        args.add(EXAMPLES.getParent().getParent().resolve(token).toString());
                    } else {
                        args.add(token);
                    }
                }
                Run r = run(args.toArray(String[]::new));
                assertTrue(r.code() == ExitCode.OK.code() || r.code() == ExitCode.FINDINGS.code(),
                        e + " exited " + r.code() + ": " + r.err());
                assertFalse(r.out().isEmpty(), e);
                ran++;
            }
        }
        assertTrue(ran >= 6, "only " + ran + " examples ran");
    }

    @Test
    void everyCommandsHelpEndsWithTheExitCodeTable() {
        for (CommandLine c : commands()) {
            String help = help(c).replaceAll("\\s+", " ");
            assertTrue(help.contains(" Exit codes: "), c.getCommandSpec().qualifiedName());
            for (ExitCode code : ExitCode.values()) {
                assertTrue(help.contains(" " + code.code() + " " + code.meaning() + " "),
                        c.getCommandSpec().qualifiedName() + " lacks " + code);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4), Stream.of(ExitCode.values()).map(ExitCode::code).toList());
    }

    @Test
    void theReadmesExitCodeTableEqualsTheEnum() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf("\n## Exit codes\n");
        assertTrue(at >= 0, "README.md has no '## Exit codes' section");
        int end = readme.indexOf("\n## ", at + 1);
        String section = readme.substring(at, end < 0 ? readme.length() : end);
        Map<String, String> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| (.+?) \\|$").matcher(section);
        while (row.find()) {
            table.put(row.group(1), row.group(2));
        }
        assertEquals(ExitCode.usageTable(), table);
    }

    @Test
    void errorsUseTheEnumsCodes() {
        assertEquals(ExitCode.BAD_INPUT.code(), run("compile", "--backend", "nope", "--node", "n", "x.yaml").code());
        assertEquals(ExitCode.BAD_INPUT.code(), run("no-such-command").code());
        assertEquals(ExitCode.OK.code(), run("--version").code());
    }

    @Test
    void completionScriptNamesEveryCommandAndOptionAndCompletes() throws Exception {
        Run r = run("generate-completion");
        assertEquals(0, r.code(), r.err());
        String script = r.out();
        for (CommandLine c : commands()) {
            assertTrue(script.contains(c.getCommandName()), c.getCommandName());
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                assertTrue(script.contains(o.longestName()), c.getCommandName() + " " + o.longestName());
            }
        }
        Path bash = Path.of("/bin/bash");
        if (Files.isExecutable(bash)) {
            Path file = Files.createTempFile("hostwall-completion", ".bash");
            try {
                Files.writeString(file, script);
                String out = exec(bash.toString(), "-c", "source " + file + " && COMP_WORDS=(hostwall co) COMP_CWORD=1"
                        + " && _complete_hostwall 2>/dev/null; echo \"${COMPREPLY[*]}\"; COMP_WORDS=(hostwall compile --for);"
                        + " COMP_CWORD=2; _complete_hostwall 2>/dev/null; echo \"${COMPREPLY[*]}\"");
                assertEquals("compile\n--format\n", out);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void manPagesForEveryCommand(@TempDir Path dir) throws Exception {
        Run r = run("generate-man-pages", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<CommandLine> all = commands();
        assertEquals(all.size(), r.out().lines().count(), r.out());
        for (CommandLine c : all) {
            Path page = dir.resolve(ManPages.fileName(c.getCommandSpec()));
            assertTrue(Files.exists(page), page.toString());
            String troff = Files.readString(page);
            for (String section : List.of(".TH ", ".SH NAME\n", ".SH SYNOPSIS\n", ".SH OPTIONS\n", ".SH EXIT STATUS\n",
                    ".SH EXAMPLES\n")) {
                assertTrue(troff.contains(section), page + " lacks " + section);
            }
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                assertTrue(troff.contains(ManPages.escape(o.longestName())), page + " lacks " + o.longestName());
            }
            assertEquals(troff, ManPages.page(c.getCommandSpec()), "deterministic");
        }
        assertEquals("hostwall-compile.1", ManPages.fileName(Main.commandLine().getSubcommands().get("compile")
                .getCommandSpec()));
        Path groff = Path.of("/usr/bin/groff");
        if (Files.isExecutable(groff)) { // every page formats without a single warning
            List<String> cmd = new ArrayList<>(List.of(groff.toString(), "-man", "-Tutf8", "-ww", "-z"));
            try (Stream<Path> pages = Files.list(dir)) {
                pages.sorted().forEach(p -> cmd.add(p.toString()));
            }
            assertEquals("", exec(cmd.toArray(String[]::new)));
        }
    }

    @Test
    void troffEscapesWhatWouldBeMarkup() {
        assertEquals("\\-\\-a \\e b", ManPages.escape("--a \\ b"));
    }

    /** Runs a tool; returns stdout + stderr, failing on a non-zero exit. */
    private static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + List.of(command));
        assertEquals(0, p.exitValue(), List.of(command) + ":\n" + out);
        return out;
    }
}

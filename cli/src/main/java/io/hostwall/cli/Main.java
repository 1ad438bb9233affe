package io.hostwall.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hostwall}: compile, explain and lint Calico host-endpoint policy, and keep it in the kernel. */
@Command(name = "hostwall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles Calico-style host-endpoint policy into nftables or iptables rulesets.",
        subcommands = {CompileCommand.class, ExplainCommand.class, LintCommand.class, TestCommand.class,
                DiffCommand.class, GraphCommand.class,
                ApplyCommand.class, WatchCommand.class, RemoveCommand.class,
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class, ManPageCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  hostwall compile --backend nftables --node node1 examples/protect-hosts/*.yaml",
                "  hostwall explain --node node1 --in eth0 --src 198.51.100.7 \\",
                "      --dst 10.240.0.11 --proto tcp --dport 22 examples/protect-hosts/*.yaml",
                "  hostwall lint examples/protect-hosts/*.yaml",
                "  hostwall help compile"})
public final class Main implements Runnable {

    /**
     * The old names of the exit codes, kept so that code written against them still compiles; they are
     * {@link ExitCode}'s values, which new code uses.
     */
    static final int EXIT_FINDINGS = ExitCode.FINDINGS.code();
    static final int EXIT_BAD_INPUT = ExitCode.BAD_INPUT.code();
    static final int EXIT_INTERNAL = ExitCode.INTERNAL.code();
    /** The longest argument accepted: PATH_MAX, as no flag value needs more. */
    static final int MAX_ARGUMENT = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the CLI and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI with the given streams. Never throws.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code, one of {@link ExitCode}'s
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        for (int i = 0; i < args.length; i++) {
            // Checked before picocli sees them: no flag value or path is this long, and every message that echoes
            // an argument should stay one short line.
            if (args[i].length() > MAX_ARGUMENT) {
                err.println("hostwall: argument " + (i + 1) + " is " + args[i].length() + " characters long; the limit is "
                        + MAX_ARGUMENT + " (" + Quote.of(args[i]) + ")");
                err.flush();
                return EXIT_BAD_INPUT;
            }
        }
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            // One clear line and a pointer to --help; never a stack trace.
            err.println("hostwall: " + oneLine(ex.getMessage()));
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.BAD_INPUT.code();
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserInputException u) {
                err.println("hostwall: " + oneLine(u.getMessage()));
                err.flush();
                return ExitCode.BAD_INPUT.code();
            }
            if (ex instanceof io.hostwall.dataplane.DataplaneException d) {
                // The tools' own words (nft's or iptables-restore's message) say what the kernel refused.
                err.println("hostwall: " + oneLine(d.getMessage()));
                err.flush();
                return ExitCode.DATAPLANE.code();
            }
            err.println("hostwall: internal error: " + ex);
            err.flush();
            return ExitCode.INTERNAL.code();
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The whole command tree, as {@link #run} executes it and the completion script and man pages describe it:
     * every command's help ends with the exit-code table and its examples.
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        // picocli's own commands cannot carry our annotations; their examples and visibility are set here.
        CommandSpec help = cmd.getSubcommands().get("help").getCommandSpec();
        help.usageMessage().footerHeading("%nExamples:%n").footer("  hostwall help", "  hostwall help compile");
        CommandSpec completion = cmd.getSubcommands().get("generate-completion").getCommandSpec();
        completion.usageMessage().hidden(false)
                .description("Prints a bash/zsh completion script for hostwall.")
                .footerHeading("%nExamples:%n")
                .footer("  # for this shell:", "  source <(hostwall generate-completion)",
                        "  # for every shell of this user:",
                        "  hostwall generate-completion > ~/.local/share/bash-completion/completions/hostwall");
        everyCommand(cmd, c -> c.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.usageTable()));
        return cmd;
    }

    /** {@code cmd} and every subcommand below it, parents first, subcommands in registration order. */
    static List<CommandLine> commands(CommandLine cmd) {
        List<CommandLine> all = new java.util.ArrayList<>();
        everyCommand(cmd, all::add);
        return all;
    }

    private static void everyCommand(CommandLine cmd, java.util.function.Consumer<CommandLine> action) {
        action.accept(cmd);
        // A command's "help" alias and its own entry are the same object: visit each once.
        cmd.getSubcommands().values().stream().distinct().forEach(c -> everyCommand(c, action));
    }

    /** A message as one line: picocli's own messages quote the user's argument whole, with its control characters. */
    private static String oneLine(String message) {
        String m = String.valueOf(message);
        StringBuilder b = new StringBuilder(m.length());
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: compile, explain, lint, test, diff, graph, apply, watch or remove");
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hostwall " + (v == null ? "dev" : v)};
        }
    }
}

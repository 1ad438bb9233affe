package io.hostwall.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hostwall}: compile, explain and lint Calico host-endpoint policy. */
@Command(name = "hostwall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles Calico-style host-endpoint policy into nftables or iptables rulesets.",
        subcommands = {CompileCommand.class, ExplainCommand.class, LintCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit codes: 0 success, 1 lint found something, 2 bad input or usage, 3 internal error. */
    static final int EXIT_FINDINGS = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_INTERNAL = 3;
    /** The longest argument accepted: PATH_MAX, as no flag value needs more. */
    static final int MAX_ARGUMENT = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. Never throws. */
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
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            // One clear line and a pointer to --help; never a stack trace.
            err.println("hostwall: " + oneLine(ex.getMessage()));
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserInputException u) {
                err.println("hostwall: " + oneLine(u.getMessage()));
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("hostwall: internal error: " + ex);
            err.flush();
            return EXIT_INTERNAL;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
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
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: compile, explain or lint");
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

package io.hostwall.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages (troff, {@code man 7 man} macros) generated from the picocli model, one per command: the same
 * descriptions, options, examples and exit codes as {@code --help}, so the two cannot drift apart.
 *
 * <p>Why not picocli-codegen's {@code ManPageGenerator}: it writes AsciiDoc, which needs asciidoctor (another
 * tool chain) to become a man page; the handful of macros below is all a man page needs.
 */
final class ManPages {
    private ManPages() {}

    /**
     * Writes {@code hostwall.1} and {@code hostwall-<command>.1} for every command below {@code root}.
     *
     * @return the files written, in command order
     */
    static List<Path> write(CommandLine root, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (CommandLine c : Main.commands(root)) {
            Path file = dir.resolve(fileName(c.getCommandSpec()));
            Files.writeString(file, page(c.getCommandSpec()), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /** {@code hostwall-compile.1} for {@code hostwall compile}. */
    static String fileName(CommandSpec spec) {
        return pageName(spec) + ".1";
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** One page. The date is left out on purpose: the same model gives the same bytes. */
    static String page(CommandSpec spec) {
        StringBuilder t = new StringBuilder();
        String name = pageName(spec);
        String version = String.join(" ", spec.version().length > 0 ? List.of(spec.version()) : List.of("hostwall"));
        t.append(".TH ").append(quote(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" ")
                .append(quote(version.isEmpty() ? "hostwall" : version)).append(" \"hostwall manual\"\n");
        String[] description = spec.usageMessage().description();
        t.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length > 0 ? description[0] : "")).append('\n');

        t.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0);
        synopsis.lines().forEach(l -> t.append(line(l)));
        t.append(".fi\n");

        if (description.length > 0) {
            t.append(".SH DESCRIPTION\n");
            for (String d : description) {
                t.append(".PP\n").append(line(d));
            }
        }

        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!params.isEmpty() || !options.isEmpty()) {
            t.append(".SH OPTIONS\n");
            for (PositionalParamSpec p : params) {
                t.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(line(text(p.description(), p)));
            }
            for (OptionSpec o : options) {
                String names = String.join(", ", o.names());
                if (o.arity().max() == 0) {
                    t.append(".TP\n.B ").append(quote(names)).append('\n');
                } else { // the names bold, the value's label italic, as man pages write "--file FILE"
                    t.append(".TP\n.BI ").append(quote(names + " ")).append(' ').append(quote(o.paramLabel())).append('\n');
                }
                t.append(line(text(o.description(), o)));
            }
        }

        List<CommandLine> subcommands = spec.subcommands().values().stream().distinct()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden()).toList();
        if (!subcommands.isEmpty()) {
            t.append(".SH COMMANDS\n");
            for (CommandLine c : subcommands) {
                String[] d = c.getCommandSpec().usageMessage().description();
                t.append(".TP\n.B ").append(escape(c.getCommandName())).append('\n')
                        .append(line(d.length > 0 ? d[0] : "")).append("See\n.BR ")
                        .append(escape(pageName(c.getCommandSpec()))).append(" (1).\n");
            }
        }

        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            t.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> t.append(".TP\n.B ").append(escape(code.strip())).append('\n')
                    .append(line(meaning)));
        }

        String[] examples = spec.usageMessage().footer();
        if (examples.length > 0) {
            t.append(".SH EXAMPLES\n.nf\n");
            for (String e : examples) {
                t.append(line(e.startsWith("  ") ? e.substring(2) : e));
            }
            t.append(".fi\n");
        }
        if (spec.parent() != null) {
            t.append(".SH SEE ALSO\n.BR ").append(escape(pageName(spec.root()))).append(" (1)\n");
        }
        return t.toString();
    }

    /** The description lines joined, with picocli's {@code ${DEFAULT-VALUE}} filled in as {@code --help} does. */
    private static String text(String[] description, CommandLine.Model.ArgSpec arg) {
        String joined = String.join(" ", description);
        String def = arg.defaultValueString();
        return joined.replace("${DEFAULT-VALUE}", def == null ? "" : def);
    }

    /** One text line: escaped, and protected from being read as a request when it starts with {@code .} or {@code '}. */
    private static String line(String text) {
        String e = escape(text);
        return (e.startsWith(".") || e.startsWith("'") ? "\\&" : "") + e + "\n";
    }

    /**
     * troff-safe text: a backslash is {@code \e}; a hyphen is {@code \-}, the minus that option names need (a bare
     * {@code -} may become a typographic hyphen that a reader cannot paste into a shell).
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\e");
                case '-' -> out.append("\\-");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A macro argument in double quotes; a quote inside becomes troff's {@code \(dq}. */
    private static String quote(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }
}

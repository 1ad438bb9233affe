package io.hostwall.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of the {@code hostwall} command, in one place: the commands return these, {@code --help} prints
 * this table (via {@link #usageTable()}) and the README's "Exit codes" table must equal it (a test reads the README).
 * The meanings are shared by every command, so that a CI script can tell "the tool found something" from "the
 * tool was used wrongly" without knowing which command ran.
 */
enum ExitCode {
    /** Success: compiled, explained, nothing found. */
    OK(0, "Success: the command did what was asked and found nothing to report."),
    /** The command worked and has something to report. */
    FINDINGS(1, "Findings: lint found warnings (and any command that compares or checks found a difference or"
            + " a failure)."),
    /** The user's input is wrong. */
    BAD_INPUT(2, "Bad input: a flag, a manifest or a host facts file is wrong; the error names the file, line and"
            + " field."),
    /** A bug in hostwall. */
    INTERNAL(3, "Internal error: a bug in hostwall; please report it with the command line."),
    /** The kernel tools failed: apply, watch and remove could not read or write the kernel. */
    DATAPLANE(4, "Kernel error: apply, watch or remove could not read or write the kernel (not root, a tool"
            + " missing or refusing); a refused write leaves the rules as they were.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    int code() {
        return code;
    }

    /** One sentence, as {@code --help} and the README show it. */
    String meaning() {
        return meaning;
    }

    /** The table for picocli's exit-code section: code → meaning, in code order. */
    static Map<String, String> usageTable() {
        Map<String, String> table = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            table.put(Integer.toString(c.code), c.meaning);
        }
        return table;
    }
}

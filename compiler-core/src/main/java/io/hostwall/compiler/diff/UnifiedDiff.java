package io.hostwall.compiler.diff;

import java.util.List;
import java.util.Objects;

/**
 * A unified diff ({@code diff -u}'s format) of two texts, line by line. Deterministic: the same texts give the same
 * diff. Used for the rendered documents of {@link NodeDiff} and by tools that compare a committed golden ruleset with
 * a fresh one.
 */
public final class UnifiedDiff {
    private UnifiedDiff() {}

    /** Lines of context around each change, as {@code diff -u}. */
    public static final int DEFAULT_CONTEXT = 3;

    /**
     * The unified diff of {@code oldText} and {@code newText}: {@code --- oldName}, {@code +++ newName}, then hunks
     * {@code @@ -l,n +l,n @@} with {@value #DEFAULT_CONTEXT} lines of context. A text that does not end in a newline
     * gets {@code \ No newline at end of file} after its last line, as {@code diff} prints it.
     *
     * @param oldName what the {@code ---} line names
     * @param newName what the {@code +++} line names
     * @param oldText the old text
     * @param newText the new text
     * @return the diff, every line ending in a newline; empty when the texts are equal
     */
    public static String of(String oldName, String newName, String oldText, String newText) {
        return of(oldName, newName, oldText, newText, DEFAULT_CONTEXT);
    }

    /**
     * The unified diff with {@code context} lines of context.
     *
     * @param oldName what the {@code ---} line names
     * @param newName what the {@code +++} line names
     * @param oldText the old text
     * @param newText the new text
     * @param context lines of context around each change, at least 0
     * @return the diff, every line ending in a newline; empty when the texts are equal
     * @throws IllegalArgumentException when {@code context} is negative
     */
    public static String of(String oldName, String newName, String oldText, String newText, int context) {
        Objects.requireNonNull(oldName, "oldName");
        Objects.requireNonNull(newName, "newName");
        if (context < 0) {
            throw new IllegalArgumentException("negative context " + context);
        }
        if (oldText.equals(newText)) {
            return "";
        }
        // A last line without its newline differs from the same line with one, as diff sees it.
        List<String> a = markedLines(oldText);
        List<String> b = markedLines(newText);
        List<EditScript.Op> ops = EditScript.of(a, b, String::equals);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n');
        out.append("+++ ").append(newName).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind() == EditScript.Kind.KEEP) {
                i++;
                continue;
            }
            // A hunk: from `context` keeps before this change to `context` keeps after the last change that is
            // within 2*context keeps of the previous one.
            int from = Math.max(0, i - context);
            int end = i;
            int last = i;
            while (end < ops.size()) {
                if (ops.get(end).kind() != EditScript.Kind.KEEP) {
                    last = end;
                } else if (end - last > 2 * context) {
                    break;
                }
                end++;
            }
            int to = Math.min(ops.size(), last + 1 + context);
            hunk(out, ops, from, to, a, b, oldText, newText);
            i = to;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<EditScript.Op> all, int from, int to, List<String> a,
            List<String> b, String oldText, String newText) {
        int oldBefore = 0;
        int newBefore = 0;
        for (EditScript.Op op : all.subList(0, from)) {
            oldBefore += op.oldIndex() >= 0 ? 1 : 0;
            newBefore += op.newIndex() >= 0 ? 1 : 0;
        }
        List<EditScript.Op> ops = all.subList(from, to);
        int oldCount = (int) ops.stream().filter(op -> op.oldIndex() >= 0).count();
        int newCount = (int) ops.stream().filter(op -> op.newIndex() >= 0).count();
        out.append("@@ -").append(range(oldBefore, oldCount)).append(" +").append(range(newBefore, newCount))
                .append(" @@\n");
        for (EditScript.Op op : ops) {
            switch (op.kind()) {
                case KEEP -> line(out, ' ', a, op.oldIndex(), oldText);
                case DELETE -> line(out, '-', a, op.oldIndex(), oldText);
                case INSERT -> line(out, '+', b, op.newIndex(), newText);
                default -> throw new AssertionError(op);
            }
        }
    }

    /** diff -u's range: lines are numbered from 1; an empty range names the line before it ({@code 0,0} at the top). */
    private static String range(int before, int count) {
        if (count == 0) {
            return before + ",0";
        }
        return count == 1 ? Integer.toString(before + 1) : (before + 1) + "," + count;
    }

    private static void line(StringBuilder out, char mark, List<String> lines, int index, String text) {
        String line = lines.get(index);
        if (line.endsWith("\n")) {
            out.append(mark).append(line, 0, line.length() - 1).append('\n');
            out.append("\\ No newline at end of file\n");
        } else {
            out.append(mark).append(line).append('\n');
        }
    }

    /** {@link #lines}, with a newline (which no line holds) added to a last line that lacks one. */
    private static List<String> markedLines(String text) {
        List<String> lines = lines(text);
        if (text.isEmpty() || text.endsWith("\n")) {
            return lines;
        }
        List<String> out = new java.util.ArrayList<>(lines);
        out.set(out.size() - 1, out.get(out.size() - 1) + "\n");
        return out;
    }

    /** The text's lines without their newlines; a final newline ends the last line rather than starting one. */
    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }
}

package io.hostwall.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an agent wrote to the kernel and the fingerprints it learned there, kept between runs (the CLI's state
 * file) so that a new run can write only the delta and still find drift.
 *
 * <p>The text form is line-based and deterministic (equal snapshots, equal bytes). The first line is
 * {@value #MAGIC}; then, in {@link ObjectId} order, one line per object followed by its contents, then one line per
 * fingerprint, then {@code end}, so a cut file is refused:
 *
 * <pre>
 * hostwall-dataplane-snapshot 1
 * set &lt;scope&gt; &lt;name&gt; &lt;declaration&gt;
 * element &lt;element&gt;
 * chain &lt;scope&gt; &lt;name&gt; &lt;header&gt;
 * rule &lt;rule&gt;
 * uses &lt;kind&gt; &lt;scope&gt; &lt;name&gt;
 * hooks &lt;scope&gt; &lt;name&gt;
 * rule &lt;rule&gt;
 * uses &lt;kind&gt; &lt;scope&gt; &lt;name&gt;
 * fingerprint &lt;kind&gt; &lt;scope&gt; &lt;name&gt; &lt;fingerprint&gt;
 * end
 * </pre>
 *
 * Fields are separated by one space. In a field, a backslash is {@code \\}, a space {@code \s}, a control character
 * {@code \}{@code uXXXX}, and an empty field {@code \e}, so every field is one non-empty word.
 *
 * @param written the desired state the kernel was last brought to
 * @param fingerprints learned fingerprints by object ({@link DriftDetector#fingerprints()})
 */
public record DataplaneSnapshot(DesiredState written, ImmutableSortedMap<ObjectId, String> fingerprints) {
    /** The first line of the text form. */
    public static final String MAGIC = "hostwall-dataplane-snapshot 1";

    /**
     * Checks the parts.
     *
     * @param written the state last written
     * @param fingerprints learned fingerprints
     */
    public DataplaneSnapshot {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(fingerprints, "fingerprints");
    }

    /** {@return the snapshot of a kernel that holds nothing of hostwall's} */
    public static DataplaneSnapshot empty() {
        return new DataplaneSnapshot(DesiredState.empty(), ImmutableSortedMap.of());
    }

    /**
     * A file that is not a snapshot or is damaged.
     */
    public static final class MalformedSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;
        /** The line number, from 1. */
        private final int line;

        /**
         * A problem on one line.
         *
         * @param line the line number, from 1
         * @param message what is wrong
         */
        public MalformedSnapshotException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        /** {@return the line number, from 1} */
        public int line() {
            return line;
        }
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /**
     * Writes the text form.
     *
     * @param out where to
     * @throws IOException if {@code out} fails
     */
    public void write(Appendable out) throws IOException {
        out.append(MAGIC).append('\n');
        for (DesiredObject o : written.objects().values()) {
            ObjectId id = o.id();
            if (o instanceof DesiredObject.Set s) {
                line(out, "set", id.scope(), id.name(), s.declaration());
                for (String e : s.elements()) {
                    line(out, "element", e);
                }
            } else if (o instanceof DesiredObject.Chain c) {
                line(out, "chain", id.scope(), id.name(), c.header());
                for (String r : c.rules()) {
                    line(out, "rule", r);
                }
            } else if (o instanceof DesiredObject.Hooks h) {
                line(out, "hooks", id.scope(), id.name());
                for (String r : h.rules()) {
                    line(out, "rule", r);
                }
            }
            for (ObjectId u : o.uses()) {
                line(out, "uses", kind(u), u.scope(), u.name());
            }
        }
        for (var f : fingerprints.entrySet()) {
            line(out, "fingerprint", kind(f.getKey()), f.getKey().scope(), f.getKey().name(), f.getValue());
        }
        out.append("end\n");
    }

    /** {@return the text form} */
    public String text() {
        StringBuilder b = new StringBuilder();
        try {
            write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return b.toString();
    }

    private static String kind(ObjectId id) {
        return id.kind().name().toLowerCase(Locale.ROOT);
    }

    private static void line(Appendable out, String keyword, String... fields) throws IOException {
        out.append(keyword);
        for (String f : fields) {
            out.append(' ').append(escape(f));
        }
        out.append('\n');
    }

    static String escape(String s) {
        if (s.isEmpty()) {
            return "\\e";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == ' ') {
                b.append("\\s");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /**
     * Reads the text form.
     *
     * @param in where from; read to its end, not closed
     * @return the snapshot
     * @throws MalformedSnapshotException if the text is not a whole, well-formed snapshot, with the line
     * @throws IOException if {@code in} fails
     */
    public static DataplaneSnapshot read(Reader in) throws IOException {
        return new Parser(in instanceof BufferedReader b ? b : new BufferedReader(in)).parse();
    }

    /** Reads line by line; an object's content lines follow its line. */
    private static final class Parser {
        private final BufferedReader in;
        private int lineNo;

        Parser(BufferedReader in) {
            this.in = in;
        }

        DataplaneSnapshot parse() throws IOException {
            String first = in.readLine();
            lineNo = 1;
            if (!MAGIC.equals(first)) {
                throw new MalformedSnapshotException(1, "not a hostwall dataplane snapshot (expected \"" + MAGIC
                        + "\")");
            }
            List<DesiredObject> objects = new ArrayList<>();
            ImmutableSortedMap.Builder<ObjectId, String> prints = ImmutableSortedMap.naturalOrder();
            java.util.Set<ObjectId> seen = new java.util.HashSet<>();
            java.util.Set<ObjectId> printed = new java.util.HashSet<>();
            Pending pending = null;
            boolean ended = false;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (ended) {
                    throw bad("text after \"end\"");
                }
                String[] words = line.split(" ", -1);
                List<String> f = new ArrayList<>();
                for (int i = 1; i < words.length; i++) {
                    f.add(unescape(words[i]));
                }
                switch (words[0]) {
                    case "set", "chain", "hooks" -> {
                        if (!printed.isEmpty()) {
                            throw bad("an object after the fingerprints");
                        }
                        if (pending != null) {
                            objects.add(pending.build());
                        }
                        ObjectKind kind = ObjectKind.valueOf(words[0].toUpperCase(Locale.ROOT));
                        fields(f, kind == ObjectKind.HOOKS ? 2 : 3);
                        ObjectId id = id(kind, f.get(0), f.get(1));
                        if (!seen.add(id)) {
                            throw bad(id + " is given twice");
                        }
                        pending = new Pending(id, kind == ObjectKind.HOOKS ? "" : f.get(2));
                    }
                    case "element", "rule" -> {
                        fields(f, 1);
                        boolean element = words[0].equals("element");
                        if (pending == null || printed.size() > 0
                                || (pending.id.kind() == ObjectKind.SET) != element) {
                            throw bad("\"" + words[0] + "\" outside a " + (element ? "set" : "chain or hooks"));
                        }
                        pending.items.add(f.get(0));
                    }
                    case "uses" -> {
                        fields(f, 3);
                        if (pending == null || !printed.isEmpty() || pending.id.kind() == ObjectKind.SET) {
                            throw bad("\"uses\" outside a chain or hooks");
                        }
                        pending.uses.add(id(kind(f.get(0)), f.get(1), f.get(2)));
                    }
                    case "fingerprint" -> {
                        fields(f, 4);
                        ObjectId id = id(kind(f.get(0)), f.get(1), f.get(2));
                        if (!printed.add(id)) {
                            throw bad("a second fingerprint of " + id);
                        }
                        prints.put(id, f.get(3));
                    }
                    case "end" -> {
                        fields(f, 0);
                        ended = true;
                    }
                    default -> throw bad("unknown line \"" + cut(words[0]) + "\"");
                }
            }
            if (!ended) {
                throw new MalformedSnapshotException(lineNo + 1, "the snapshot is cut short (no \"end\" line)");
            }
            if (pending != null) {
                objects.add(pending.build());
            }
            try {
                return new DataplaneSnapshot(DesiredState.of(objects), prints.buildOrThrow());
            } catch (IllegalArgumentException e) {
                throw new MalformedSnapshotException(lineNo, e.getMessage());
            }
        }

        private MalformedSnapshotException bad(String message) {
            return new MalformedSnapshotException(lineNo, message);
        }

        private void fields(List<String> f, int n) throws MalformedSnapshotException {
            if (f.size() != n) {
                throw bad("expected " + n + " field" + (n == 1 ? "" : "s") + ", found " + f.size());
            }
        }

        private ObjectKind kind(String word) throws MalformedSnapshotException {
            for (ObjectKind k : ObjectKind.values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(word)) {
                    return k;
                }
            }
            throw bad("unknown object kind \"" + cut(word) + "\"");
        }

        private ObjectId id(ObjectKind kind, String scope, String name) throws MalformedSnapshotException {
            try {
                return new ObjectId(kind, scope, name);
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        private String unescape(String word) throws MalformedSnapshotException {
            if (word.isEmpty()) {
                throw bad("an empty field (two spaces, or a space at the end)");
            }
            if (word.equals("\\e")) {
                return "";
            }
            StringBuilder b = new StringBuilder(word.length());
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (Character.isISOControl(c)) {
                    throw bad("an unescaped control character");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = i + 1 < word.length() ? word.charAt(++i) : 0;
                switch (e) {
                    case '\\' -> b.append('\\');
                    case 's' -> b.append(' ');
                    case 'u' -> {
                        if (i + 5 > word.length()) {
                            throw bad("a cut \\u escape");
                        }
                        String hex = word.substring(i + 1, i + 5);
                        if (!hex.matches("[0-9a-f]{4}")) {
                            throw bad("a bad \\u escape \"" + cut(hex) + "\"");
                        }
                        b.append((char) Integer.parseInt(hex, 16));
                        i += 4;
                    }
                    default -> throw bad("an unknown escape \"\\" + (e == 0 ? "" : String.valueOf(e)) + "\"");
                }
            }
            return b.toString();
        }

        private static String cut(String s) {
            String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            return escape(t);
        }
    }

    /** An object being read: its line and the content lines after it. */
    private static final class Pending {
        final ObjectId id;
        final String head;
        final List<String> items = new ArrayList<>();
        final ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();

        Pending(ObjectId id, String head) {
            this.id = id;
            this.head = head;
        }

        DesiredObject build() {
            return switch (id.kind()) {
                case SET -> new DesiredObject.Set(id, head, ImmutableSortedSet.copyOf(items));
                case CHAIN -> new DesiredObject.Chain(id, head, ImmutableList.copyOf(items), uses.build());
                case HOOKS -> new DesiredObject.Hooks(id, ImmutableList.copyOf(items), uses.build());
            };
        }
    }
}

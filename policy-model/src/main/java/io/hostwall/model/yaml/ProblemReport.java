package io.hostwall.model.yaml;

import io.hostwall.model.Names;
import io.hostwall.model.Problem;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * Where the problems of one source (and, once known, one resource) go. Validators never stop at the first problem:
 * they report and carry on, and ask {@link #count()} at the end whether what they built may be used.
 */
public final class ProblemReport {
    private final String source;
    private final Optional<ResourceRef> resource;
    private final List<Problem> sink;
    private final int[] counter;

    public ProblemReport(String source, List<Problem> sink) {
        this(source, Optional.empty(), sink, new int[1]);
    }

    private ProblemReport(String source, Optional<ResourceRef> resource, List<Problem> sink, int[] counter) {
        this.source = source;
        this.resource = resource;
        this.sink = sink;
        this.counter = counter;
    }

    /** A report for one resource: same source and sink, its own count. */
    public ProblemReport forResource(Optional<ResourceRef> ref) {
        return new ProblemReport(source, ref, sink, new int[1]);
    }

    public String source() {
        return source;
    }

    public void add(int line, FieldPath field, String message) {
        Optional<SourceLocation> location = line >= 1 ? Optional.of(new SourceLocation(source, line))
                : Optional.empty();
        sink.add(new Problem(location, resource, field.text(), Names.printable(message)));
        counter[0]++;
    }

    public void add(ManifestNode node, FieldPath field, String message) {
        add(node.line(), field, message);
    }

    /** Problems reported through this report (not through others sharing the sink). */
    public int count() {
        return counter[0];
    }
}

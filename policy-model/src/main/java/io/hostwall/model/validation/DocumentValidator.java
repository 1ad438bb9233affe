package io.hostwall.model.validation;

import io.hostwall.model.InvalidResourceException;
import io.hostwall.model.Names;
import io.hostwall.model.Resource;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.ResourceRef;
import io.hostwall.model.SourceLocation;
import io.hostwall.model.yaml.FieldNames;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ManifestReader;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One YAML/JSON document: a resource, a {@code List}, or a typed list such as {@code GlobalNetworkPolicyList}. Checks
 * the envelope ({@code apiVersion}, {@code kind}, {@code metadata}), hands the spec to the kind's validator, and
 * gives valid resources to the collector.
 */
public final class DocumentValidator {
    static final String API_VERSION = "projectcalico.org/v3";
    /** kubectl writes generic lists as {@code apiVersion: v1, kind: List}. */
    private static final String KUBERNETES_LIST_API_VERSION = "v1";
    private static final String LIST = "List";
    private static final ImmutableSet<String> RESOURCE_FIELDS = ImmutableSet.of("apiVersion", "kind", "metadata",
            "spec");
    private static final ImmutableSet<String> LIST_FIELDS = ImmutableSet.of("apiVersion", "kind", "metadata",
            "items");
    private static final String KINDS = Arrays.stream(ResourceKind.values()).map(ResourceKind::manifestName)
            .collect(Collectors.joining(", "));

    private final ProblemReport sourceReport;
    private final ResourceCollector collector;

    private DocumentValidator(ProblemReport sourceReport, ResourceCollector collector) {
        this.sourceReport = sourceReport;
        this.collector = collector;
    }

    /**
     * Validates one document and gives its valid resources to {@code collector}.
     *
     * @param document the document and what the reader found wrong inside it
     * @param sourceReport where the source's problems go
     * @param collector gathers the resources of the whole load
     */
    public static void validate(ManifestReader.Document document, ProblemReport sourceReport,
            ResourceCollector collector) {
        ManifestNode root = document.root();
        // What the reader found (duplicate keys, aliases, !!binary) names the resource when the document is one.
        ProblemReport readerProblems = sourceReport;
        if (root instanceof ManifestNode.Mapping mapping && peek(mapping, "kind").filter(DocumentValidator::isList)
                .isEmpty()) {
            Optional<ResourceRef> ref = peek(mapping, "kind").flatMap(ResourceKind::fromManifestName)
                    .flatMap(k -> peekName(mapping).map(n -> new ResourceRef(k, n)));
            readerProblems = sourceReport.forResource(ref);
        }
        for (ManifestReader.Pending p : document.problems()) {
            readerProblems.add(p.line(), p.field(), p.message());
        }
        new DocumentValidator(sourceReport, collector).document(root);
    }

    private void document(ManifestNode document) {
        if (!(document instanceof ManifestNode.Mapping mapping)) {
            sourceReport.add(document, FieldPath.ROOT, "expected a mapping (a resource with apiVersion, kind,"
                    + " metadata and spec), got " + document.describe());
            return;
        }
        Optional<String> kind = peek(mapping, "kind");
        if (kind.filter(DocumentValidator::isList).isPresent()) {
            list(mapping, kind.get());
        } else {
            resource(mapping, FieldPath.ROOT, Optional.empty());
        }
    }

    private static boolean isList(String kind) {
        return kind.equals(LIST) || listKind(kind).isPresent();
    }

    /** The element kind of a typed list ({@code HostEndpointList} → HostEndpoint). */
    private static Optional<ResourceKind> listKind(String kind) {
        return kind.endsWith(LIST) ? ResourceKind.fromManifestName(kind.substring(0, kind.length() - LIST.length()))
                : Optional.empty();
    }

    private void list(ManifestNode.Mapping mapping, String kind) {
        Fields list = Fields.of(mapping, FieldPath.ROOT, sourceReport, LIST_FIELDS).orElseThrow();
        Optional<ResourceKind> elementKind = listKind(kind);
        Optional<String> apiVersion = list.string("apiVersion");
        boolean generic = elementKind.isEmpty();
        if (!list.has("apiVersion")) {
            list.problem("apiVersion", "apiVersion is required: " + API_VERSION);
        } else if (apiVersion.isPresent() && !apiVersion.get().equals(API_VERSION)
                && !(generic && apiVersion.get().equals(KUBERNETES_LIST_API_VERSION))) {
            list.problem("apiVersion", "unsupported apiVersion " + Names.quote(apiVersion.get()) + "; expected "
                    + API_VERSION + (generic ? " (or v1 for a kind: List)" : ""));
        }
        list.get("metadata").ifPresent(m -> Fields.anyKeys(m, list.path("metadata"), sourceReport));
        for (Fields.Item item : list.list("items")) {
            resource(item.node(), item.path(), generic ? Optional.empty() : elementKind);
        }
    }

    /**
     * One resource. {@code listKind} is the element kind of a typed list, whose items may leave out apiVersion and
     * kind. Problems inside a resource name it and use resource-relative paths; without a kind and name to name it
     * by, paths start at the document ({@code items[3].kind}).
     */
    private void resource(ManifestNode node, FieldPath base, Optional<ResourceKind> listKind) {
        if (!collector.admit()) {
            if (collector.firstOverLimit()) {
                sourceReport.add(node, base, "more than " + collector.maxResources() + " resources in one load");
            }
            return;
        }
        if (!(node instanceof ManifestNode.Mapping mapping)) {
            sourceReport.add(node, base, "expected a mapping (a resource with apiVersion, kind, metadata and spec),"
                    + " got " + node.describe());
            return;
        }
        Optional<ResourceKind> kind = peek(mapping, "kind").flatMap(ResourceKind::fromManifestName).or(() -> listKind);
        Optional<ResourceRef> ref = kind.flatMap(k -> peekName(mapping).map(n -> new ResourceRef(k, n)));
        ProblemReport report = sourceReport.forResource(ref);
        Fields top = Fields.of(mapping, ref.isPresent() ? FieldPath.ROOT : base, report, RESOURCE_FIELDS)
                .orElseThrow();
        apiVersion(top, listKind.isPresent());
        if (!kindIsValid(top, listKind)) {
            return;
        }
        Optional<MetadataValidator.Metadata> meta = MetadataValidator.validate(kind.orElseThrow(), top, report);
        SourceLocation location = new SourceLocation(report.source(), mapping.line());
        boolean unique = ref.map(r -> collector.claim(r, location, nameLine(mapping), report)).orElse(true);
        // Without usable metadata the spec is still checked, so that all problems are reported at once.
        Optional<Resource> resource = Optional.empty();
        try {
            resource = spec(kind.get(), top, meta.orElse(new MetadataValidator.Metadata("", ImmutableSortedMap.of())));
        } catch (InvalidResourceException e) {
            // The validators report every rule the records check before building them. A record that refuses
            // anyway is refusing a problem reported already (e.g. the placeholder name above), or a rule the
            // validators missed: that one is reported where its field is, so that nothing is lost.
            if (report.count() == 0) {
                report.add(lineOf(mapping, e.field()), new FieldPath(e.field()), e.problem());
            }
        }
        if (unique && report.count() == 0 && meta.isPresent()) {
            resource.ifPresent(r -> collector.add(r, location));
        }
    }

    private static void apiVersion(Fields top, boolean inList) {
        Optional<String> apiVersion = top.string("apiVersion");
        if (!top.has("apiVersion")) {
            if (!inList) {
                top.problem("apiVersion", "apiVersion is required: " + API_VERSION);
            }
        } else if (apiVersion.isPresent() && !apiVersion.get().equals(API_VERSION)) {
            top.problem("apiVersion", "unsupported apiVersion " + Names.quote(apiVersion.get()) + "; expected "
                    + API_VERSION);
        }
    }

    private static boolean kindIsValid(Fields top, Optional<ResourceKind> listKind) {
        if (!top.has("kind")) {
            if (listKind.isEmpty()) {
                top.problem("kind", "kind is required: one of " + KINDS);
            }
            return listKind.isPresent();
        }
        Optional<String> text = top.string("kind");
        if (text.isEmpty()) {
            return false;
        }
        if (isList(text.get())) {
            top.problem("kind", "a list cannot contain another list");
            return false;
        }
        Optional<ResourceKind> kind = ResourceKind.fromManifestName(text.get());
        if (kind.isEmpty()) {
            String hint = FieldNames.closest(text.get(), Arrays.stream(ResourceKind.values())
                    .map(ResourceKind::manifestName).toList()).map(k -> " (did you mean " + k + "?)").orElse("");
            top.problem("kind", "unknown kind " + Names.quote(text.get()) + hint + "; hostwall reads " + KINDS
                    + " and lists of them");
            return false;
        }
        if (listKind.isPresent() && kind.get() != listKind.get()) {
            top.problem("kind", "a " + listKind.get().manifestName() + "List can only hold "
                    + listKind.get().manifestName() + ", got " + text.get());
            return false;
        }
        return true;
    }

    private static Optional<Resource> spec(ResourceKind kind, Fields top, MetadataValidator.Metadata meta) {
        ManifestNode node = top.get("spec").orElse(ManifestNode.Mapping.empty(top.line()));
        FieldPath path = top.path("spec");
        ProblemReport report = top.report();
        Optional<Fields> spec = switch (kind) {
            case GLOBAL_NETWORK_POLICY -> Fields.of(node, path, report, GlobalNetworkPolicyValidator.SPEC_FIELDS);
            case HOST_ENDPOINT -> Fields.of(node, path, report, HostEndpointValidator.SPEC_FIELDS);
            case GLOBAL_NETWORK_SET -> Fields.of(node, path, report, GlobalNetworkSetValidator.SPEC_FIELDS);
            case PROFILE -> Fields.of(node, path, report, ProfileValidator.SPEC_FIELDS);
            case TIER -> Fields.of(node, path, report, TierValidator.SPEC_FIELDS);
            case FELIX_CONFIGURATION -> Fields.anyKeys(node, path, report);
        };
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Fields s = spec.get();
        return switch (kind) {
            case GLOBAL_NETWORK_POLICY -> GlobalNetworkPolicyValidator.validate(meta, s).map(Resource.class::cast);
            case HOST_ENDPOINT -> HostEndpointValidator.validate(meta, s).map(Resource.class::cast);
            case GLOBAL_NETWORK_SET -> GlobalNetworkSetValidator.validate(meta, s).map(Resource.class::cast);
            case PROFILE -> ProfileValidator.validate(meta, s).map(Resource.class::cast);
            case TIER -> TierValidator.validate(meta, s).map(Resource.class::cast);
            case FELIX_CONFIGURATION -> FelixConfigurationValidator.validate(meta, s).map(Resource.class::cast);
        };
    }

    /**
     * The line of the deepest node on a resource-relative path such as {@code spec.ingress[0].destination.ports}
     * (the line of the resource when none of it is there).
     */
    private static int lineOf(ManifestNode.Mapping resource, String field) {
        int line = resource.line();
        ManifestNode node = resource;
        for (String step : field.split("\\.|(?=\\[)")) {
            Optional<ManifestNode> next = Optional.empty();
            Optional<Integer> entryLine = Optional.empty();
            if (step.startsWith("[") && node instanceof ManifestNode.Sequence s) {
                int index = Integer.parseInt(step.substring(1, step.length() - 1));
                next = index < s.items().size() ? Optional.of(s.items().get(index)) : Optional.empty();
            } else if (step.startsWith("[") && node instanceof ManifestNode.Mapping m) {
                Optional<ManifestNode.Entry> e = m.entry(step.substring(1, step.length() - 1));
                next = e.map(ManifestNode.Entry::value);
                entryLine = e.map(ManifestNode.Entry::line);
            } else if (!step.isEmpty() && node instanceof ManifestNode.Mapping m) {
                Optional<ManifestNode.Entry> e = m.entry(step);
                next = e.map(ManifestNode.Entry::value);
                entryLine = e.map(ManifestNode.Entry::line);
            }
            if (next.isEmpty()) {
                break;
            }
            node = next.get();
            line = entryLine.orElse(node.line());
        }
        return line;
    }

    /** A string field read without reporting (to name the resource before its problems are reported). */
    private static Optional<String> peek(ManifestNode.Mapping mapping, String key) {
        return mapping.entry(key).map(ManifestNode.Entry::value)
                .filter(v -> v instanceof ManifestNode.Scalar s && !s.isNull()
                        && (s.type() == ManifestNode.ScalarType.STRING || s.yaml()))
                .map(v -> ((ManifestNode.Scalar) v).text());
    }

    /** The line of {@code metadata.name} (where a duplicate name is reported). */
    private static int nameLine(ManifestNode.Mapping mapping) {
        return mapping.entry("metadata").map(ManifestNode.Entry::value)
                .filter(ManifestNode.Mapping.class::isInstance)
                .flatMap(m -> ((ManifestNode.Mapping) m).entry("name"))
                .map(ManifestNode.Entry::line)
                .orElse(mapping.line());
    }

    private static Optional<String> peekName(ManifestNode.Mapping mapping) {
        return mapping.entry("metadata").map(ManifestNode.Entry::value)
                .filter(ManifestNode.Mapping.class::isInstance)
                .flatMap(m -> peek((ManifestNode.Mapping) m, "name"))
                // A name that cannot be printed on one line is reported as a problem, not used to name others.
                .filter(n -> !n.isEmpty() && Names.printable(n).equals(n));
    }
}

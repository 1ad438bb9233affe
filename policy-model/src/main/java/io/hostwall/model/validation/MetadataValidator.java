package io.hostwall.model.validation;

import io.hostwall.model.ModelRules;
import io.hostwall.model.Profile;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code metadata}: the name rule of each kind, labels, annotations. */
final class MetadataValidator {
    /** Kubernetes ObjectMeta fields that exported manifests carry; hostwall ignores them. */
    private static final ImmutableSet<String> FIELDS = ImmutableSet.of("name", "labels", "annotations", "namespace",
            "generateName", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink");

    /** What the rest of validation needs from metadata. */
    record Metadata(String name, ImmutableSortedMap<String, String> labels) {}

    private MetadataValidator() {}

    static Optional<Metadata> validate(ResourceKind kind, Fields resource, ProblemReport report) {
        FieldPath path = resource.path("metadata");
        if (!resource.has("metadata")) {
            report.add(resource.line(), path.field("name"), "name is required");
            return Optional.empty();
        }
        Optional<Fields> meta = resource.mapping("metadata", FIELDS);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        Fields m = meta.get();
        Optional<String> name = m.string("name");
        if (name.isEmpty() || name.get().isEmpty()) {
            if (!m.has("name") || name.isPresent()) {
                m.problem("name", ModelRules.NAME_REQUIRED);
            }
        } else {
            ModelRules.nameProblem(kind, name.get()).ifPresent(p -> m.problem("name", p));
        }
        m.nonEmptyString("namespace").ifPresent(ns -> m.problem("namespace",
                kind.manifestName() + " is cluster-scoped; remove metadata.namespace"));
        ImmutableSortedMap<String, String> labels = labels(kind, m, report);
        annotations(m.stringMap("annotations"), m.path("annotations"), m.line("annotations"), report);
        return name.filter(n -> !n.isEmpty()).map(n -> new Metadata(n, labels));
    }

    private static ImmutableSortedMap<String, String> labels(ResourceKind kind, Fields m, ProblemReport report) {
        ImmutableSortedMap.Builder<String, String> labels = ImmutableSortedMap.naturalOrder();
        for (Fields.KeyValue kv : m.stringMap("labels")) {
            if (checkLabel(kv, report, "label")) {
                labels.put(kv.key(), kv.value());
            }
            ModelRules.reservedLabelProblem(kind, kv.key()).ifPresent(p -> report.add(kv.line(), kv.path(), p));
        }
        return labels.build();
    }

    /** Checks a label key and value (metadata.labels, Profile labelsToApply); true when both are fine. */
    static boolean checkLabel(Fields.KeyValue kv, ProblemReport report, String what) {
        Optional<String> keyProblem = ModelRules.labelKeyProblem(what, kv.key());
        keyProblem.ifPresent(p -> report.add(kv.line(), kv.path(), p));
        Optional<String> valueProblem = ModelRules.labelValueProblem(what, kv.value());
        valueProblem.ifPresent(p -> report.add(kv.line(), kv.path(), p));
        return keyProblem.isEmpty() && valueProblem.isEmpty();
    }

    /** Annotation keys (metadata and rule metadata); values are free text but their total size is capped. */
    static void annotations(Iterable<Fields.KeyValue> entries, FieldPath path, int line, ProblemReport report) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (Fields.KeyValue kv : entries) {
            ModelRules.annotationKeyProblem(kv.key()).ifPresent(p -> report.add(kv.line(), kv.path(), p));
            all.add(Map.entry(kv.key(), kv.value()));
        }
        ModelRules.annotationsSizeProblem(all).ifPresent(p -> report.add(line, path, p));
    }
}

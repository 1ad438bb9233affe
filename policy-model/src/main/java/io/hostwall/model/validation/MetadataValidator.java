package io.hostwall.model.validation;

import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Names;
import io.hostwall.model.Profile;
import io.hostwall.model.ResourceKind;
import io.hostwall.model.Tier;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.Fields;
import io.hostwall.model.yaml.ProblemReport;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code metadata}: the name rule of each kind, labels, annotations. */
final class MetadataValidator {
    /** Kubernetes ObjectMeta fields that exported manifests carry; hostwall ignores them. */
    private static final ImmutableSet<String> FIELDS = ImmutableSet.of("name", "labels", "annotations", "namespace",
            "generateName", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink");
    static final String RESERVED_NAMESPACE_LABEL = "projectcalico.org/namespace";
    private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

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
                m.problem("name", "name is required");
            }
        } else {
            checkName(kind, name.get(), m, report);
        }
        m.nonEmptyString("namespace").ifPresent(ns -> m.problem("namespace",
                kind.manifestName() + " is cluster-scoped; remove metadata.namespace"));
        ImmutableSortedMap<String, String> labels = labels(kind, m, report);
        annotations(m.stringMap("annotations"), m.path("annotations"), m.line("annotations"), report);
        return name.filter(n -> !n.isEmpty()).map(n -> new Metadata(n, labels));
    }

    private static void checkName(ResourceKind kind, String name, Fields m, ProblemReport report) {
        if (kind == ResourceKind.TIER && name.length() > Names.MAX_LABEL) {
            m.problem("name", "Tier name is " + name.length() + " characters long; the maximum is 63");
        } else if (name.length() > Names.MAX_SUBDOMAIN) {
            m.problem("name", "name is " + name.length() + " characters long; the maximum is 253");
        } else if (!Names.isDnsSubdomain(name)) {
            m.problem("name", Names.quote(name) + " is not a valid name: " + Names.SUBDOMAIN_RULE);
        } else if (kind == ResourceKind.GLOBAL_NETWORK_POLICY && !Names.isGlobalNetworkPolicyName(name)) {
            m.problem("name", Names.quote(name) + " is not a valid GlobalNetworkPolicy name: a DNS label,"
                    + " optionally followed by one dot and another label");
        } else if (kind == ResourceKind.TIER && !Names.isDnsLabel(name)) {
            m.problem("name", Names.quote(name) + " is not a valid Tier name: a single DNS label (lower-case"
                    + " letters, digits and '-'; no dots)");
        }
    }

    private static ImmutableSortedMap<String, String> labels(ResourceKind kind, Fields m, ProblemReport report) {
        ImmutableSortedMap.Builder<String, String> labels = ImmutableSortedMap.naturalOrder();
        for (Fields.KeyValue kv : m.stringMap("labels")) {
            if (checkLabel(kv, report, "label")) {
                labels.put(kv.key(), kv.value());
            }
            // Calico keeps this label for namespaced network sets; on a global one it would lie about scope.
            if (kind == ResourceKind.GLOBAL_NETWORK_SET && kv.key().equals(RESERVED_NAMESPACE_LABEL)) {
                report.add(kv.line(), kv.path(), "label " + RESERVED_NAMESPACE_LABEL + " is reserved");
            }
        }
        return labels.build();
    }

    /** Checks a label key and value (metadata.labels, Profile labelsToApply); true when both are fine. */
    static boolean checkLabel(Fields.KeyValue kv, ProblemReport report, String what) {
        boolean ok = true;
        Optional<String> keyProblem = Names.qualifiedNameProblem(kv.key());
        if (keyProblem.isPresent()) {
            report.add(kv.line(), kv.path(), "invalid " + what + " key " + Names.quote(kv.key()) + ": "
                    + keyProblem.get());
            ok = false;
        }
        if (!Names.isLabelValue(kv.value())) {
            report.add(kv.line(), kv.path(), "invalid " + what + " value " + Names.quote(kv.value()) + ": "
                    + Names.LABEL_VALUE_RULE);
            ok = false;
        }
        return ok;
    }

    /** Annotation keys (metadata and rule metadata); values are free text but their total size is capped. */
    static void annotations(Iterable<Fields.KeyValue> entries, FieldPath path, int line, ProblemReport report) {
        long bytes = 0;
        for (Fields.KeyValue kv : entries) {
            Names.annotationKeyProblem(kv.key()).ifPresent(p -> report.add(kv.line(), kv.path(),
                    "invalid annotation key " + Names.quote(kv.key()) + ": " + p));
            bytes += kv.key().getBytes(StandardCharsets.UTF_8).length
                    + kv.value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_ANNOTATIONS_BYTES) {
            report.add(line, path, "annotations total " + bytes + " bytes; the maximum is " + MAX_ANNOTATIONS_BYTES);
        }
    }
}

package io.hostwall.model.validation;

import io.hostwall.model.Direction;
import io.hostwall.model.Profile;
import io.hostwall.model.Rule;
import io.hostwall.model.yaml.Fields;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/** {@code Profile}: rules (checked like policy rules) and {@code labelsToApply}. */
final class ProfileValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("ingress", "egress", "labelsToApply");

    private ProfileValidator() {}

    static Optional<Profile> validate(MetadataValidator.Metadata meta, Fields spec) {
        int before = spec.report().count();
        ImmutableList<Rule> ingress = RuleValidator.rules(spec, "ingress", Direction.INGRESS);
        ImmutableList<Rule> egress = RuleValidator.rules(spec, "egress", Direction.EGRESS);
        ImmutableSortedMap.Builder<String, String> labelsToApply = ImmutableSortedMap.naturalOrder();
        for (Fields.KeyValue kv : spec.stringMap("labelsToApply")) {
            if (MetadataValidator.checkLabel(kv, spec.report(), "labelsToApply")) {
                labelsToApply.put(kv.key(), kv.value());
            }
        }
        if (spec.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Profile(meta.name(), meta.labels(), ingress, egress, labelsToApply.build()));
    }
}

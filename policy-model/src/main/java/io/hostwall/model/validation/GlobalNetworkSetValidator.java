package io.hostwall.model.validation;

import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.yaml.Fields;
import io.hostwall.net.Cidr;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;

/** {@code GlobalNetworkSet}: nets are lenient (bare IPs, host bits), canonicalised to networks. */
final class GlobalNetworkSetValidator {
    static final ImmutableSet<String> SPEC_FIELDS = ImmutableSet.of("nets");

    private GlobalNetworkSetValidator() {}

    static Optional<GlobalNetworkSet> validate(MetadataValidator.Metadata meta, Fields spec) {
        int before = spec.report().count();
        ImmutableList.Builder<Cidr> nets = ImmutableList.builder();
        for (Fields.Item item : spec.list("nets")) {
            NetField.lenient(item.node(), item.path(), spec.report(), "an IP address or CIDR").ifPresent(nets::add);
        }
        if (spec.report().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new GlobalNetworkSet(meta.name(), meta.labels(), nets.build()));
    }
}

package io.hostwall.model.validation;

import io.hostwall.model.GlobalNetworkSet;
import io.hostwall.model.Names;
import io.hostwall.model.Rule;
import io.hostwall.model.yaml.FieldPath;
import io.hostwall.model.yaml.ManifestNode;
import io.hostwall.model.yaml.ProblemReport;
import io.hostwall.model.yaml.Scalars;
import io.hostwall.net.Cidr;

import java.util.Optional;

/**
 * CIDR-valued fields. Rule {@code nets}/{@code notNets} are strict (explicit prefix length, no host bits), as
 * Calico's validateRule is; GlobalNetworkSet nets and failsafe nets are lenient (bare IPs and host bits are
 * accepted and canonicalised).
 */
final class NetField {
    private NetField() {}

    static Optional<Cidr> strict(ManifestNode node, FieldPath path, ProblemReport report) {
        Optional<String> text = Scalars.string(node, path, report);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get();
        if (t.indexOf('/') < 0) {
            if (Cidr.parseAddress(t).isPresent()) {
                String len = Cidr.parseAddress(t).get().getAddress().length == 4 ? "/32" : "/128";
                report.add(node, path, Names.quote(t) + " is not a CIDR: rule nets need a prefix length, e.g. "
                        + t + len);
            } else {
                report.add(node, path, Names.quote(t) + " is not a CIDR");
            }
            return Optional.empty();
        }
        Optional<Cidr> cidr = Cidr.parseStrict(t);
        if (cidr.isEmpty()) {
            report.add(node, path, Names.quote(t) + " is not a CIDR");
            return Optional.empty();
        }
        if (Cidr.hasHostBits(t)) {
            report.add(node, path, Names.quote(t) + " has host bits set; did you mean " + cidr.get() + "?");
            return Optional.empty();
        }
        return cidr;
    }

    static Optional<Cidr> lenient(ManifestNode node, FieldPath path, ProblemReport report, String expected) {
        Optional<String> text = Scalars.string(node, path, report);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Cidr> cidr = Cidr.parseLenient(text.get());
        if (cidr.isEmpty()) {
            report.add(node, path, Names.quote(text.get()) + " is not " + expected);
        }
        return cidr;
    }
}

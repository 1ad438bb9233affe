package io.hostwall.model.validation;

import io.hostwall.model.IcmpMatch;
import io.hostwall.model.yaml.Fields;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code icmp} / {@code notICMP}: type 0..254 and code 0..255; a code needs a type. */
final class IcmpField {
    private static final ImmutableSet<String> FIELDS = ImmutableSet.of("type", "code");

    private IcmpField() {}

    static Optional<IcmpMatch> read(Fields rule, String key) {
        Optional<Fields> icmp = rule.mapping(key, FIELDS);
        if (icmp.isEmpty()) {
            return Optional.empty();
        }
        Fields f = icmp.get();
        int before = f.report().count();
        OptionalInt type = bounded(f, "type", 254, "ICMP type");
        OptionalInt code = bounded(f, "code", 255, "ICMP code");
        if (f.has("code") && !f.has("type")) {
            f.problem("code", "an ICMP code needs an ICMP type");
        }
        return f.report().count() == before ? Optional.of(new IcmpMatch(type, code)) : Optional.empty();
    }

    private static OptionalInt bounded(Fields f, String key, int max, String what) {
        Optional<Long> value = f.integer(key);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get() < 0 || value.get() > max) {
            f.problem(key, what + " must be 0.." + max + ", got " + value.get());
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.get().intValue());
    }
}

package io.hostwall.model.validation;

import io.hostwall.model.IcmpMatch;
import io.hostwall.model.ModelRules;
import io.hostwall.model.yaml.Fields;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongFunction;

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
        OptionalInt type = bounded(f, "type", ModelRules::icmpTypeProblem);
        OptionalInt code = bounded(f, "code", ModelRules::icmpCodeProblem);
        ModelRules.icmpCodeWithoutTypeProblem(f.has("type"), f.has("code")).ifPresent(p -> f.problem("code", p));
        return f.report().count() == before ? Optional.of(new IcmpMatch(type, code)) : Optional.empty();
    }

    private static OptionalInt bounded(Fields f, String key, LongFunction<Optional<String>> rule) {
        Optional<Long> value = f.integer(key);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<String> problem = rule.apply(value.get());
        if (problem.isPresent()) {
            f.problem(key, problem.get());
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.get().intValue());
    }
}

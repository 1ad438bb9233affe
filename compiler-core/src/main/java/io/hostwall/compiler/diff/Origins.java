package io.hostwall.compiler.diff;

import io.hostwall.ir.RuleOrigin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The text and JSON forms of a {@link RuleOrigin} in diff reports. */
final class Origins {
    private Origins() {}

    /** E.g. {@code policy allow-ssh ingress[0]}, {@code failsafe inbound tcp:22}, {@code built-in policy-jump x}. */
    static String text(RuleOrigin origin) {
        if (origin instanceof RuleOrigin.PolicyRule p) {
            return p.owner().label() + " " + p.name() + " " + p.direction().label() + "[" + p.ruleIndex() + "]"
                    + p.tier().filter(t -> !t.equals("default")).map(t -> " (tier " + t + ")").orElse("");
        }
        if (origin instanceof RuleOrigin.Failsafe f) {
            return f.comments().get(0);
        }
        if (origin instanceof RuleOrigin.Builtin b) {
            return "built-in " + label(b.purpose()) + b.subject().map(s -> " " + s).orElse("");
        }
        RuleOrigin.Note n = (RuleOrigin.Note) origin;
        return n.text().isEmpty() ? "hand-built" : "note: " + String.join("; ", n.text());
    }

    /** The JSON form; see {@link DiffReport#toMap()} for the keys. */
    static Map<String, Object> map(RuleOrigin origin) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (origin instanceof RuleOrigin.PolicyRule p) {
            m.put("kind", "policy-rule");
            m.put("owner", p.owner().label());
            m.put("name", p.name());
            m.put("tier", p.tier().orElse(null));
            m.put("direction", p.direction().label());
            m.put("ruleIndex", p.ruleIndex());
        } else if (origin instanceof RuleOrigin.Failsafe f) {
            m.put("kind", "failsafe");
            m.put("list", f.list().label());
            m.put("reply", f.reply());
            m.put("protocol", f.protocol());
            m.put("port", f.port());
            m.put("net", f.net().map(Object::toString).orElse(null));
        } else if (origin instanceof RuleOrigin.Builtin b) {
            m.put("kind", "built-in");
            m.put("purpose", label(b.purpose()));
            m.put("subject", b.subject().orElse(null));
        } else {
            m.put("kind", "note");
            m.put("lines", ((RuleOrigin.Note) origin).text());
        }
        m.put("summary", text(origin));
        return Collections.unmodifiableMap(m);
    }

    /** {@code POLICY_JUMP} → {@code policy-jump}. */
    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

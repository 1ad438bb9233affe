package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects expected probe outcomes, runs all probes at once (a dropped probe costs a timeout; in parallel they
 * cost one), and reports every miss together with what was loaded, so one run shows the whole picture.
 */
final class Expect {
    private final Lab lab;
    private final Supplier<String> context;
    private final List<Probe> probes = new ArrayList<>();
    private final List<Outcome.Kind> kinds = new ArrayList<>();
    private final List<String> whos = new ArrayList<>();

    Expect(Lab lab) {
        this(lab, () -> "");
    }

    /** {@code context} is printed on failure, e.g. the manifests and the rendered ruleset. */
    Expect(Lab lab, Supplier<String> context) {
        this.lab = lab;
        this.context = context;
    }

    Expect(Lab lab, Firewall.Deployed deployed) {
        this(lab, deployed::describe);
    }

    Expect expect(Probe p, Outcome.Kind kind, String who) {
        probes.add(p);
        kinds.add(kind);
        whos.add(who);
        return this;
    }

    /** TCP gets through and {@code who} answers. */
    Expect open(Probe p, String who) {
        return expect(p, Outcome.Kind.OPEN, who);
    }

    /** UDP/ICMP gets an answer ({@code who} null for ICMP, which names nobody). */
    Expect reply(Probe p, String who) {
        return expect(p, Outcome.Kind.REPLY, who);
    }

    /** Passes: OPEN for TCP, REPLY for UDP and ICMP, answered by {@code who} (ignored for ICMP). */
    Expect passes(Probe p, String who) {
        return p.proto() == Probe.Proto.TCP ? open(p, who) : reply(p, p.proto() == Probe.Proto.ICMP ? null : who);
    }

    /** Dropped: nothing comes back (or, for a host process, its own OUTPUT refused to send). */
    Expect blocked(Probe p) {
        return expect(p, Outcome.Kind.TIMEOUT, null);
    }

    void check() {
        assertTrue(!probes.isEmpty(), "no probes");
        List<Outcome> got = lab.probeAll(probes);
        StringBuilder misses = new StringBuilder();
        int n = 0;
        for (int i = 0; i < probes.size(); i++) {
            Outcome o = got.get(i);
            boolean kindOk = o.kind() == kinds.get(i) || kinds.get(i) == Outcome.Kind.TIMEOUT && o.blocked();
            boolean ok = kindOk && (whos.get(i) == null || o.who().orElse("").equals(whos.get(i)));
            if (!ok) {
                n++;
                misses.append("\n  ").append(probes.get(i)).append(": expected ")
                        .append(kinds.get(i) == Outcome.Kind.TIMEOUT ? "BLOCKED" : kinds.get(i))
                        .append(whos.get(i) == null ? "" : " from " + whos.get(i)).append(", got ").append(o);
            }
        }
        if (n > 0) {
            throw new AssertionError(n + " of " + probes.size() + " probes missed:" + misses + "\n" + context.get());
        }
    }
}

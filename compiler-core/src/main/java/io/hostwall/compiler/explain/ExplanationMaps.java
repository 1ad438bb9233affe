package io.hostwall.compiler.explain;

import com.google.common.net.InetAddresses;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.interp.TraceEvent;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.oracle.PacketText;
import io.hostwall.compiler.eval.RuleRef;
import io.hostwall.compiler.oracle.StageResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds {@link Explanation#toMap()}: plain maps and lists, so the CLI can hand them to any JSON writer. */
final class ExplanationMaps {
    private ExplanationMaps() {}

    static Map<String, Object> of(Explanation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", e.node());
        m.put("packet", packet(e.packet()));
        m.put("verdict", e.verdict().toString());
        m.put("oracleVerdict", e.oracleVerdict().toString());
        m.put("rulesetVerdict", e.rulesetVerdict().toString());
        m.put("agree", e.agree());
        m.put("stages", e.decision().stages().stream().map(ExplanationMaps::stage).toList());
        List<Object> trace = new ArrayList<>();
        for (TraceEvent t : e.ruleset().trace()) {
            if (!(t instanceof TraceEvent.RuleEvaluated r) || r.matched()) {
                trace.add(event(t));
            }
        }
        m.put("trace", Collections.unmodifiableList(trace));
        return Collections.unmodifiableMap(m);
    }

    static Map<String, Object> packet(Packet p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", p.family().version());
        m.put("protocol", PacketText.protocolName(p.protocol()));
        m.put("source", InetAddresses.toAddrString(p.source()));
        p.sourcePort().ifPresent(v -> m.put("sourcePort", v));
        m.put("destination", InetAddresses.toAddrString(p.destination()));
        p.destinationPort().ifPresent(v -> m.put("destinationPort", v));
        p.icmpType().ifPresent(v -> m.put("icmpType", v));
        p.icmpCode().ifPresent(v -> m.put("icmpCode", v));
        p.inInterface().ifPresent(v -> m.put("in", v));
        p.outInterface().ifPresent(v -> m.put("out", v));
        m.put("state", p.state().name().toLowerCase(Locale.ROOT));
        p.dnat().ifPresent(d -> {
            Map<String, Object> dn = new LinkedHashMap<>();
            dn.put("address", InetAddresses.toAddrString(d.address()));
            d.port().ifPresent(v -> dn.put("port", v));
            m.put("dnat", Collections.unmodifiableMap(dn));
        });
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> stage(StageResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage().label());
        m.put("interface", s.iface());
        s.hostEndpoint().ifPresent(h -> m.put("hostEndpoint", h));
        m.put("effect", s.effect().name().toLowerCase(Locale.ROOT));
        m.put("reason", s.reason().describe());
        if (s.reason() instanceof io.hostwall.compiler.oracle.Reason.RuleMatch r) {
            m.put("rule", rule(r.rule()));
        }
        m.put("logged", s.logged().stream().map(ExplanationMaps::rule).toList());
        m.put("passed", s.passed().stream().map(ExplanationMaps::rule).toList());
        m.put("passedByPassMark", s.passMarkReturns().stream().map(ExplanationMaps::rule).toList());
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> rule(RuleRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.owner().kind());
        m.put("name", r.name());
        r.tier().ifPresent(t -> m.put("tier", t));
        m.put("path", r.path());
        m.put("action", r.action().manifestName());
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> event(TraceEvent t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t instanceof TraceEvent.RuleEvaluated r) {
            TracedRule tr = r.rule();
            m.put("kind", "rule");
            m.put("hook", tr.hook().name());
            m.put("table", tr.table().iptablesName());
            m.put("chain", tr.chain());
            m.put("index", tr.index());
            m.put("action", tr.actionText());
            m.put("comments", tr.rule().comments());
            m.put("mark", String.format("0x%x", r.markAfter()));
        } else if (t instanceof TraceEvent.ConntrackLookup c) {
            m.put("kind", "conntrack");
            m.put("hook", c.hook().name());
            m.put("state", c.state().name().toLowerCase(Locale.ROOT));
        } else if (t instanceof TraceEvent.DnatApplied d) {
            m.put("kind", "dnat");
            m.put("hook", d.hook().name());
            m.put("destination", InetAddresses.toAddrString(d.address()));
            d.port().ifPresent(v -> m.put("port", v));
        } else if (t instanceof TraceEvent.DnatSkipped d) {
            m.put("kind", "dnat-skipped");
            m.put("hook", d.hook().name());
        } else if (t instanceof TraceEvent.BaseChainEnd b) {
            m.put("kind", "base-chain-end");
            m.put("hook", b.hook().name());
            m.put("table", b.table().iptablesName());
            m.put("chain", b.chain());
            m.put("end", b.how().toString());
        }
        return Collections.unmodifiableMap(m);
    }
}

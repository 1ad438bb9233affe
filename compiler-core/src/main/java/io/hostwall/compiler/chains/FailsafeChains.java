package io.hostwall.compiler.chains;

import io.hostwall.compiler.plan.FailsafeConfig;
import com.google.common.collect.ImmutableList;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.RuleOrigin.FailsafeList;
import io.hostwall.ir.Side;
import io.hostwall.model.FailsafePort;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The failsafe chains (FR §7): one ACCEPT rule per entry. The raw copies used by untracked endpoint chains also
 * accept the reply direction by source port, so replies of failsafe connections are never caught by untracked
 * policy. Chains are only created when some endpoint chain needs them.
 */
public final class FailsafeChains {
    private final FailsafeConfig config;
    private final Names names;
    private final ChainSink sink;

    public FailsafeChains(FailsafeConfig config, Names names, ChainSink sink) {
        this.config = config;
        this.names = names;
        this.sink = sink;
    }

    /** The inbound chain for tracked stages, or empty when there are no inbound failsafes. */
    Optional<String> in() {
        return define("failsafe-in", rules(config.inbound(), Side.SOURCE, Side.DESTINATION, FailsafeList.INBOUND, false));
    }

    Optional<String> out() {
        return define("failsafe-out", rules(config.outbound(), Side.DESTINATION, Side.DESTINATION, FailsafeList.OUTBOUND, false));
    }

    /** Raw ingress: inbound entries, plus replies to outbound entries (source port, source net). */
    Optional<String> rawIn() {
        List<IrRule> r = new ArrayList<>(rules(config.inbound(), Side.SOURCE, Side.DESTINATION, FailsafeList.INBOUND, false));
        r.addAll(rules(config.outbound(), Side.SOURCE, Side.SOURCE, FailsafeList.OUTBOUND, true));
        return define("failsafe-in-raw", r);
    }

    /** Raw egress: outbound entries, plus replies to inbound entries (source port, destination net). */
    Optional<String> rawOut() {
        List<IrRule> r = new ArrayList<>(rules(config.outbound(), Side.DESTINATION, Side.DESTINATION, FailsafeList.OUTBOUND, false));
        r.addAll(rules(config.inbound(), Side.DESTINATION, Side.SOURCE, FailsafeList.INBOUND, true));
        return define("failsafe-out-raw", r);
    }

    private Optional<String> define(String name, List<IrRule> rules) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(sink.add(names.fixed(name), ImmutableList.copyOf(rules)));
    }

    /**
     * @param netSide which address the entry's net restricts
     * @param portSide which port the entry's port is matched against
     * @param list the list the entries come from
     * @param reply true for the copies that accept the reply direction
     */
    private static List<IrRule> rules(List<FailsafePort> entries, Side netSide, Side portSide, FailsafeList list,
            boolean reply) {
        List<IrRule> out = new ArrayList<>();
        for (FailsafePort e : entries) {
            if (e.port() == 0) {
                continue; // port 0 is not a port any TCP/UDP/SCTP connection uses; the compiler warns about it
            }
            List<Match> m = new ArrayList<>();
            // A net restricts the entry to its family; 0.0.0.0/0 or ::/0 restricts nothing else.
            e.net().ifPresent(n -> m.add(n.isCatchAll() ? new Match.Family(n.family()) : new Match.Address(netSide, n, false)));
            m.add(new Match.Protocol(e.protocol().number(), false));
            m.add(new Match.Ports(portSide, e.protocol().number(), ImmutableList.of(PortRange.single(e.port())), false));
            out.add(new IrRule(ImmutableList.copyOf(m), new IrAction.Accept(), new RuleOrigin.Failsafe(list, reply,
                    e.protocol().calicoName().toLowerCase(Locale.ROOT), e.port(), e.net())));
        }
        return out;
    }
}

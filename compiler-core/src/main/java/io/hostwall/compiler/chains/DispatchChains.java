package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin.Builtin;
import io.hostwall.ir.RuleOrigin.Purpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Interface dispatch chains (FR §6): one map lookup from interface name to endpoint chain, then the {@code *}
 * endpoint's chain as the default where the stage uses one. A map, not a rule per interface, so a packet's cost
 * does not grow with the node's number of interfaces.
 */
public final class DispatchChains {
    private final Names names;
    private final ChainSink sink;

    public DispatchChains(Names names, ChainSink sink) {
        this.names = names;
        this.sink = sink;
    }

    /**
     * Defines dispatch chain {@code name} and returns it, or empty when it would do nothing.
     *
     * @param targets interface → endpoint chain
     * @param skipPrefixes interface prefixes that must not reach the default (workload interfaces)
     * @param fallback the {@code *} endpoint's chain, if this stage uses one
     */
    public Optional<String> define(String name, InterfaceDirection direction, Map<String, String> targets,
            List<String> skipPrefixes, Optional<String> fallback) {
        if (targets.isEmpty() && fallback.isEmpty()) {
            return Optional.empty();
        }
        List<IrRule> r = new ArrayList<>();
        if (!targets.isEmpty()) {
            r.add(IrRule.of(Builtin.of(Purpose.DISPATCH), new IrAction.Dispatch(direction, ImmutableSortedMap.copyOf(targets))));
        }
        if (fallback.isPresent()) {
            for (String p : skipPrefixes) {
                r.add(IrRule.of(Builtin.of(Purpose.WORKLOAD_SKIP_DISPATCH), new IrAction.Return(),
                        new Match.Interface(direction, p, true, false)));
            }
            r.add(IrRule.of(Builtin.of(Purpose.DISPATCH_FALLBACK), new IrAction.Goto(fallback.get())));
        }
        return Optional.of(sink.add(names.fixed(name), ImmutableList.copyOf(r)));
    }
}

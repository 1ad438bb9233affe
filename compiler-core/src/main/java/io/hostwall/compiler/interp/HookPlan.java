package io.hostwall.compiler.interp;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Hook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What happens at each hook, in priority order: the ruleset's base chains (raw -300, mangle -150, filter 0), the
 * conntrack lookup (-200, in PREROUTING and OUTPUT) and the DNAT (nat at -100, in PREROUTING and OUTPUT).
 */
final class HookPlan {
    static final int CONNTRACK_PRIORITY = -200;
    static final int DNAT_PRIORITY = -100;

    /** One thing that happens to a packet at a hook. */
    sealed interface Step {
        int priority();
    }

    record RunBaseChain(BaseChain chain) implements Step {
        @Override
        public int priority() {
            return chain.table().priority();
        }
    }

    record Conntrack() implements Step {
        @Override
        public int priority() {
            return CONNTRACK_PRIORITY;
        }
    }

    record Dnat() implements Step {
        @Override
        public int priority() {
            return DNAT_PRIORITY;
        }
    }

    private final ImmutableMap<Hook, ImmutableList<Step>> steps;

    HookPlan(List<BaseChain> baseChains) {
        Map<Hook, ImmutableList<Step>> out = new EnumMap<>(Hook.class);
        for (Hook hook : Hook.values()) {
            List<Step> s = new ArrayList<>();
            if (hook == Hook.PREROUTING || hook == Hook.OUTPUT) {
                s.add(new Conntrack());
                s.add(new Dnat());
            }
            for (BaseChain b : baseChains) {
                if (b.hook() == hook) {
                    s.add(new RunBaseChain(b));
                }
            }
            // Stable sort: base chains of one hook and priority keep the ruleset's order.
            s.sort(Comparator.comparingInt(Step::priority));
            out.put(hook, ImmutableList.copyOf(s));
        }
        this.steps = ImmutableMap.copyOf(out);
    }

    ImmutableList<Step> at(Hook hook) {
        return steps.get(hook);
    }

    /**
     * The hooks a packet passes: to a host process PREROUTING → INPUT; forwarded PREROUTING → FORWARD →
     * POSTROUTING; from a host process OUTPUT → POSTROUTING.
     */
    static ImmutableList<Hook> path(io.hostwall.compiler.eval.Packet p) {
        if (p.isToHost()) {
            return ImmutableList.of(Hook.PREROUTING, Hook.INPUT);
        }
        if (p.isForwarded()) {
            return ImmutableList.of(Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING);
        }
        return ImmutableList.of(Hook.OUTPUT, Hook.POSTROUTING);
    }
}

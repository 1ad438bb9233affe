package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import java.util.Arrays;

/** Renders single rules with the real renderers, for exact-string unit tests. */
final class Render {
    final SharedSets shared;
    private final RuleRenderer rules;

    Render(boolean counters, ImmutableSet<String> chains, IpSet... sets) {
        ImmutableMap<String, IpSet> index = Arrays.stream(sets).collect(ImmutableMap.toImmutableMap(IpSet::name, s -> s));
        shared = new SharedSets(index.keySet());
        rules = new RuleRenderer(new MatchRenderer(index, shared), new ActionRenderer(chains, shared), counters);
    }

    static Render plain(IpSet... sets) {
        return new Render(false, ImmutableSet.of("hw-a", "hw-b", "hw-c"), sets);
    }

    String rule(IrRule rule) {
        return rules.render(rule);
    }

    java.util.List<String> lines(IrRule rule) {
        return rules.renderAll(rule);
    }

    ImmutableList<String> declarations() {
        return shared.declarations();
    }
}

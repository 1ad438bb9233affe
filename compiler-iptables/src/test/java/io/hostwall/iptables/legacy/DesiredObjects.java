package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A ruleset as the dataplane's objects, from the very rendering the restore documents are written from
 * ({@link TableRenderer}, {@link IpsetDocumentWriter#lines}): a chain's rules are the text after {@code -A CHAIN}
 * exactly as a document would carry it, so a delta rewrites what a full document would have written.
 */
final class DesiredObjects {
    private DesiredObjects() {}

    static DesiredState of(Ruleset ruleset, String tag) {
        TableRenderer tables = new TableRenderer(ruleset);
        List<DesiredObject> out = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            for (TableSection s : tables.render(f)) {
                String scope = new TableScope(f, s.table()).scope();
                Set<String> own = s.chains().stream().map(OwnChain::name).collect(Collectors.toSet());
                for (OwnChain c : s.chains()) {
                    ImmutableSortedSet.Builder<ObjectId> uses = ImmutableSortedSet.naturalOrder();
                    for (String rule : c.rules()) {
                        uses.addAll(uses(scope, own, rule));
                    }
                    out.add(new DesiredObject.Chain(ObjectId.chain(scope, c.name()), "", c.rules(), uses.build()));
                }
                Map<String, List<HookRule>> byBuiltin = new LinkedHashMap<>();
                s.hooks().forEach(h -> byBuiltin.computeIfAbsent(h.builtin(), k -> new ArrayList<>()).add(h));
                byBuiltin.forEach((builtin, hooks) -> out.add(new DesiredObject.Hooks(ObjectId.hooks(scope, builtin),
                        hooks.stream().map(h -> h.spec(tag)).collect(ImmutableList.toImmutableList()),
                        hooks.stream().map(h -> ObjectId.chain(scope, h.target()))
                                .collect(ImmutableSortedSet.toImmutableSortedSet(ObjectId::compareTo)))));
            }
        }
        for (IpsetDocumentWriter.SetLines s : IpsetDocumentWriter.lines(ruleset.sets())) {
            out.add(new DesiredObject.Set(ObjectId.set(TableScope.IPSET, s.name()), s.declaration(),
                    ImmutableSortedSet.copyOf(s.members())));
        }
        return DesiredState.of(out);
    }

    /** The own chains a rule jumps or goes to and the sets it matches. */
    static List<ObjectId> uses(String scope, Set<String> ownChains, String rule) {
        List<String> w = SavedTables.words(rule);
        List<ObjectId> out = new ArrayList<>();
        for (int i = 0; i + 1 < w.size(); i++) {
            String next = w.get(i + 1);
            switch (w.get(i)) {
                case "-j", "--jump", "-g", "--goto" -> {
                    if (ownChains.contains(next)) {
                        out.add(ObjectId.chain(scope, next));
                    }
                }
                case "--match-set" -> out.add(ObjectId.set(TableScope.IPSET, next));
                default -> { }
            }
        }
        return out;
    }
}

package io.hostwall.nftables;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.SetType;
import io.hostwall.net.IpFamily;
import java.util.Set;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The script text of IR chains' rules, kept by the identity of the chain's rule list, so that a rule list shared by
 * many nodes is written once; likewise the declaration of each IR set (a set's block depends on the set alone, and
 * the compiler shares those too). The compiler shares them: a policy chain's rules depend only on the policy (its
 * {@code PolicyChainCache}), so in {@code compile --all-nodes} every node that applies a policy holds the very same
 * list, and most of each node's script is policy chains.
 *
 * <p>Why reusing the text is exact: a chain's rule lines depend only on its rules and the counters option; the
 * ruleset around them only decides whether they are valid (the IR sets they look up exist with that type and family,
 * the chains they jump to exist, the backend's own sets they need do not collide with an IR set). An entry records
 * exactly that, and is used only when it still holds for the ruleset being written; otherwise the chain is written
 * afresh, which reports any error as a first render does. Keyed by identity (an equal list is simply written again:
 * hashing thousands of rule lists by content would cost what the cache saves) and held weakly: an entry goes when
 * its rule list does. Safe for concurrent renders.
 *
 * <p>Filled from a backend's second render on ({@link #forRender}): a backend that renders once (the CLI's
 * {@code compile --node}) would only pay for copying every chain's text into entries nobody reads, which was about a
 * tenth of that render (JFR, issue 10). A backend that renders again (the live agent, {@code --all-nodes}) fills the
 * cache at its second render and reuses it from the third.
 */
final class NftChainCache {
    /** What a set lookup needed of an IR set. */
    record SetKind(SetType type, IpFamily family) {
        static SetKind of(IpSet s) {
            return new SetKind(s.type(), s.family());
        }
    }

    /**
     * One chain's rule lines as written, with what they depended on.
     *
     * @param counters the counters option they were written with
     * @param text the rule lines, each with its indent and newline
     * @param lookups every set or map name a written rule looks up, once per lookup (for the declaration order)
     * @param irSets the IR sets looked up, with the type and family the lookups needed
     * @param own the backend's own sets and maps the rules need
     * @param targets the chains the rules jump or go to
     */
    record Entry(boolean counters, String text, ImmutableList<String> lookups, ImmutableMap<String, SetKind> irSets,
            ImmutableList<Nft.SetDecl> own, ImmutableSet<String> targets) {
        /** Whether the text is valid in a ruleset with these IR sets and regular chains. */
        boolean validIn(ImmutableMap<String, IpSet> sets, Set<String> regular) {
            for (var e : irSets.entrySet()) {
                IpSet now = sets.get(e.getKey());
                if (now == null || now.type() != e.getValue().type() || now.family() != e.getValue().family()) {
                    return false;
                }
            }
            for (Nft.SetDecl d : own) {
                if (sets.containsKey(d.name())) {
                    return false;
                }
            }
            return regular.containsAll(targets);
        }
    }

    // Sized for a large node (thousands of chains and sets): growing the tables was ~5 % of a cold render (JFR).
    private final Cache<List<IrRule>, Entry> entries = CacheBuilder.newBuilder().weakKeys().initialCapacity(8192)
            .build();
    private final Cache<IpSet, String> sets = CacheBuilder.newBuilder().weakKeys().initialCapacity(4096).build();

    /** Whether a render has started with this cache (set by the first, so the first one does not fill it). */
    private final AtomicBoolean rendered = new AtomicBoolean();

    /** {@return this cache for a render to read and fill, or null for the backend's first render} */
    NftChainCache forRender() {
        if (rendered.get()) {
            return this;
        }
        return rendered.getAndSet(true) ? this : null;
    }

    Entry get(List<IrRule> rules) {
        return entries.getIfPresent(rules);
    }

    void put(List<IrRule> rules, Entry entry) {
        entries.put(rules, entry);
    }

    /** {@return the declaration block of an IR set as written before, or null} Sets are shared like chains. */
    String set(IpSet set) {
        return sets.getIfPresent(set);
    }

    void putSet(IpSet set, String text) {
        sets.put(set, text);
    }
}

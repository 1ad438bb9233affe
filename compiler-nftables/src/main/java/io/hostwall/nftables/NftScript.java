package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.SetMember;
import io.hostwall.ir.SetType;
import io.hostwall.ir.Side;
import io.hostwall.net.Cidr;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import io.hostwall.spi.RenderOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The nft script straight from the IR: every rule is appended to one builder as it is read, with no {@link Nft}
 * statement objects in between. It prints exactly what {@code NftText.script(new NftTableBuilder(..).build())}
 * prints (a differential test compares the two over random and generated rulesets); the model path stays for the
 * JSON document and the dataplane's objects, which need the statements, not only their text.
 *
 * <p>Why a second path: a large node is tens of thousands of rules, and building a record per statement and
 * expression, then visiting them to print, was most of the render time and allocation (JFR, issue 10). Here a
 * rule costs the appends of its text plus a few checks. The checks are the model path's, in the same order; when
 * one fails, the rule is rendered again by the model path ({@link RuleRenderer}), so the error is that path's
 * exact exception and message.
 *
 * <p>Also the same: the shared sets ({@link SharedSets}, registered as the rules are read), the port split
 * ({@link PortSplit}), the not-DNAT split ({@link RuleRenderer}), and the most-used-first order of the set
 * declarations, counted per written rule while it is written.
 */
final class NftScript {
    /** The header keeps the node's name short enough to read (as {@link NftTableBuilder}). */
    private static final int MAX_NODE_IN_HEADER = 200;

    private static final String[] STATE_NAMES = Arrays.stream(CtState.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    /** {@code ingress}, {@code egress} by ordinal ({@code Direction.label()} lower-cases at every call). */
    private static final String[] DIRECTION_LABELS = Arrays.stream(RuleOrigin.Direction.values())
            .map(RuleOrigin.Direction::label).toArray(String[]::new);

    /**
     * Per built-in purpose, its comment split at the subject ({@code "policy %s"} → {@code "policy ", ""}), or null
     * when it has none. Taken from {@link RuleOrigin.Builtin#comments()} with the subject {@code %s} itself, so the
     * wording stays in the IR.
     */
    private static final String[][] BUILTIN_TEMPLATES = Arrays.stream(RuleOrigin.Purpose.values())
            .map(NftScript::template).toArray(String[][]::new);

    /**
     * Per built-in purpose without a subject, its whole {@code  comment "..."} as written (filtered like any
     * comment), or null: most rules of a node are built-ins, and their text never changes.
     */
    private static final String[] BUILTIN_WRITTEN = Arrays.stream(RuleOrigin.Purpose.values())
            .map(p -> p.subject() != RuleOrigin.Subject.NONE || BUILTIN_TEMPLATES[p.ordinal()] == null ? null
                    : written(BUILTIN_TEMPLATES[p.ordinal()][0]))
            .toArray(String[]::new);

    /** {@code  comment "<text>"} for a fixed text, filtered as {@link #comment} filters; "" when nothing is left. */
    private static String written(String text) {
        String safe = NftStrings.truncateUtf8(NftStrings.safe(text), NftStrings.MAX_COMMENT_BYTES);
        return safe.isEmpty() ? "" : " comment \"" + safe + '"';
    }

    private static String[] template(RuleOrigin.Purpose p) {
        RuleOrigin.Builtin b = p.subject() == RuleOrigin.Subject.NONE ? RuleOrigin.Builtin.of(p)
                : RuleOrigin.Builtin.of(p, "%s");
        List<String> c = b.comments();
        if (c.isEmpty()) {
            return null;
        }
        String text = String.join("; ", c);
        return p.subject() == RuleOrigin.Subject.NONE ? new String[] {text} : text.split("%s", -1);
    }

    /** {@code ct state invalid,untracked}: the not-DNAT split's match for packets without a connection. */
    private static final String NO_CONNECTION = ctState(
            new Match.ConntrackState(ImmutableSet.of(CtState.INVALID, CtState.UNTRACKED), false));

    private final Ruleset ruleset;
    private final RenderOptions options;
    private final NftTableBuilder model;
    private ImmutableMap<String, IpSet> sets;
    private Set<String> regular;
    private SharedSets shared;
    /**
     * Set or map name → the IR set it names (null for the backend's own) and how many written rules look it up:
     * one hash lookup per written lookup both checks the reference and counts it (they were two, ~7 % of a cold
     * render, JFR).
     */
    private HashMap<String, Lookup> lookups;
    /** Failsafe and note origins → their comments joined, not yet filtered (few distinct ones). */
    private final Map<RuleOrigin, String> comments = new HashMap<>();
    /** Marks and logs as spelled (few distinct ones). */
    private final Map<IrAction, ActionText> actions = new HashMap<>();
    /**
     * The first mark actions spelled, by value and mask: a node has a handful, set by most policy rules, and a
     * record's hash and equals per rule were 5 % of a cold render (JFR). Past {@link #MARKS} the map above.
     */
    private final int[] markValues = new int[MARKS];
    private final int[] markMasks = new int[MARKS];
    private final ActionText[] markTexts = new ActionText[MARKS];
    private int marks;
    private static final int MARKS = 16;
    /** The first mark tests written, and their text (see {@link #markMatch}). */
    private final Match.Mark[] markMatches = new Match.Mark[MARKS];
    private final String[] markMatchTexts = new String[MARKS];
    private int markMatchCount;
    /**
     * The last policy rule whose comment head ({@code policy NAME ingress[}) was checked, once for its chain's
     * rules, and whether that head can be written as it is.
     */
    private RuleOrigin.PolicyRule lastHead;
    private String head;
    private RuleRenderer fallback;
    /**
     * {@link #writeRule}'s port split state, by match index: the range being written of each split list, a copy
     * for {@link #line}, and where the split lists are. Only the entries of split lists are read.
     */
    private int[] index = new int[8];
    private int[] choice = new int[8];
    private int[] splitAt = new int[8];
    /** Rule lines of shared chains; null to write every chain. */
    private final NftChainCache cache;
    /** The lookups and jump targets of the chain being written, for its cache entry. */
    private final List<String> chainLookups = new ArrayList<>();
    private final Set<String> chainTargets = new HashSet<>();

    /** How a first render shares its chains with a pool thread. */
    private final ChainShare.Plan plan;

    private NftScript(Ruleset ruleset, RenderOptions options, NftChainCache cache, ChainShare.Plan plan) {
        this.ruleset = ruleset;
        this.options = options;
        this.cache = cache;
        this.plan = plan;
        this.model = new NftTableBuilder(ruleset, options);
    }

    /**
     * The pool's writer of {@code caller}'s chains ({@link ChainShare}): the same read-only IR, options, set index
     * and chain names, and its own of everything a writer changes (lookup counts, shared sets, caches).
     */
    private NftScript(NftScript caller) {
        this.ruleset = caller.ruleset;
        this.options = caller.options;
        this.cache = null;
        this.plan = caller.plan;
        this.model = caller.model;
        this.sets = caller.sets;
        this.regular = caller.regular;
        this.shared = new SharedSets(sets.keySet());
        this.lookups = new HashMap<>(Math.max(16, 2 * sets.size())); // filled at each IR set's first lookup
    }

    /**
     * The script of {@code ruleset}, byte for byte what the model path prints.
     *
     * @throws IllegalArgumentException for a ruleset this backend cannot express (the model path's message)
     */
    static String render(Ruleset ruleset, RenderOptions options) {
        return render(ruleset, options, ChainShare.Plan.DEFAULT);
    }

    /** {@link #render(Ruleset, RenderOptions)} with the chains shared as {@code plan} says (tests). */
    static String render(Ruleset ruleset, RenderOptions options, ChainShare.Plan plan) {
        return new NftScript(ruleset, options, null, plan).render();
    }

    /**
     * {@link #render(Ruleset, RenderOptions)}, taking the rule lines of chains {@code cache} holds (and adding the
     * others).
     */
    static String render(Ruleset ruleset, RenderOptions options, NftChainCache cache) {
        return new NftScript(ruleset, options, cache, ChainShare.Plan.DEFAULT).render();
    }

    private String render() {
        Ruleset ir = this.ruleset;
        String table = NftNames.object("table", options.tableName());
        sets = model.indexSets();
        regular = model.indexChains();
        shared = new SharedSets(sets.keySet());
        lookups = new HashMap<>(Math.max(16, 4 * sets.size()));
        Lookup[] irLookups = new Lookup[sets.size()]; // in IR order: the declarations read their counts from here
        int at = 0;
        for (IpSet s : sets.values()) {
            irLookups[at] = new Lookup(s);
            lookups.put(s.name(), irLookups[at++]);
        }

        // Chains first: writing them finds the shared sets and counts the lookups that order the declarations. A
        // backend's first render writes the IR's set blocks meanwhile on another thread (SetBlocks).
        List<IpSet> irSets = sets.values().asList();
        SetBlocks blocks = cache == null ? SetBlocks.start(irSets, (b, s) -> irSet(s.name(), 0, s).append(b)) : null;
        Chunks chains;
        try {
            chains = chains(ir);
        } catch (RuntimeException e) {
            if (blocks != null) {
                blocks.abandon();
            }
            throw e;
        }
        String[] written = blocks == null ? null : blocks.get(); // throws the first bad set's exception

        // The IR's sets are checked and sorted in IR order (so the first bad one is reported, as by the model path),
        // then declared with the backend's own, most used first.
        List<Declared> declarations = new ArrayList<>(sets.size() + 64);
        for (int i = 0; i < irSets.size(); i++) {
            IpSet s = irSets.get(i);
            String known = written != null ? written[i] : cache == null ? null : cache.set(s);
            int used = irLookups[i].uses;
            // the name was checked by indexSets
            declarations.add(known != null ? new Declared(s.name(), used, s, null, null, null, known)
                    : irSet(s.name(), used, s));
        }
        for (Nft.SetDecl d : shared.sets()) {
            declarations.add(new Declared(d.name(), uses(d.name()), null, null, null, d, null));
        }
        declarations.sort((a, b) -> {
            int byUse = Integer.compare(b.uses(), a.uses());
            return byUse != 0 ? byUse : a.name().compareTo(b.name());
        });

        // The header and declarations go in front of the chains: pieces of their own, joined with the chains' at the end.
        String node = NftStrings.truncateUtf8(NftStrings.safe(ir.node()), MAX_NODE_IN_HEADER);
        Chunks head = new Chunks();
        StringBuilder out = head.b;
        NftText.header(out, "inet", table, node);
        out.append("table inet ").append(table).append(" {\n");
        boolean firstBlock = true;
        for (Declared d : declarations) {
            if (d.text() != null) { // written before: a piece of its own, not copied into the builder
                if (!firstBlock) {
                    head.add("\n");
                }
                head.add(d.text());
                firstBlock = false;
                continue;
            }
            out.append(firstBlock ? "" : "\n");
            firstBlock = false;
            int start = out.length();
            d.append(out);
            if (cache != null && d.ir() != null) {
                cache.putSet(d.ir(), out.substring(start));
            }
            head.cut();
        }
        if (!firstBlock && chains.length() > 0) {
            out.append('\n');
        }
        List<String> parts = head.done();
        parts.addAll(chains.done());
        parts.add("}\n");
        return String.join("", parts); // one array of the script's size, filled once and kept by the string
    }

    /**
     * The chains' text: base chains in IR order, then the regular ones by name. A backend's first render of many
     * chains writes them on two threads ({@link ChainShare}).
     */
    private Chunks chains(Ruleset ir) {
        List<BaseChain> bases = ir.baseChains();
        Chain[] sorted = ir.chains().toArray(Chain[]::new);
        Arrays.sort(sorted, (x, y) -> x.name().compareTo(y.name()));
        ChainList list = new ChainList(bases, sorted);
        Chunks chains = new Chunks();
        if (cache == null && list.size() >= plan.minChains()) {
            shareChains(list, chains);
        } else {
            write(list, 0, list.size(), chains);
        }
        return chains;
    }

    /** The chains in the order they are written: base chains, then the sorted regular ones. */
    private record ChainList(List<BaseChain> bases, Chain[] sorted) {
        int size() {
            return bases.size() + sorted.length;
        }
    }

    /** Writes chains {@code from} (inclusive) to {@code to} of {@code list}. */
    private void write(ChainList list, int from, int to, Chunks out) {
        int nb = list.bases().size();
        for (int i = from; i < to; i++) {
            out.b.append(i == 0 ? "" : "\n");
            if (i < nb) {
                BaseChain b = list.bases().get(i);
                chain(out.b, b.name(), NftTableBuilder.hook(b), b.rules());
            } else {
                Chain c = list.sorted()[i - nb];
                chain(out.b, c.name(), null, c.rules());
            }
            out.cut();
        }
    }

    /**
     * Writes the chains with a pool thread ({@link ChainShare}): this writer takes blocks from the front, a second
     * writer from the back. The second's part is merged after this one's (its text, its lookup counts, its shared
     * sets); when it failed, or one of its shared sets collides with one of this writer's, this writer writes that
     * part again itself, so the error is the one writing in order meets.
     */
    private void shareChains(ChainList list, Chunks out) {
        int per = plan.blockChains();
        int n = list.size();
        int blocks = (n + per - 1) / per;
        ChainShare share = new ChainShare(blocks, plan.poolBlocks());
        NftScript other = new NftScript(this);
        String[] texts = new String[blocks];
        // The queued task reaches the pool's writer only through this, which is emptied once this writer has taken
        // its last block: a task still queued in a busy pool then keeps nothing of the render alive.
        AtomicReference<Runnable> poolPart = new AtomicReference<>(() -> other.writeFromBack(list, share, texts));
        try {
            plan.pool().execute(() -> {
                Runnable part = poolPart.getAndSet(null);
                if (part != null) {
                    part.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // no pool: this writer takes every block
        }
        try {
            for (int k = share.callerBlock(); k >= 0; k = share.callerBlock()) {
                write(list, k * per, Math.min(n, (k + 1) * per), out);
            }
        } catch (RuntimeException | Error e) {
            share.abandon();
            throw e;
        } finally {
            poolPart.set(null); // the writers have met (or this one failed): a pool part not started never will
        }
        int from = share.awaitPool();
        if (from >= 0 && shared.takeAll(other.shared)) {
            for (Map.Entry<String, Lookup> e : other.lookups.entrySet()) {
                if (e.getValue().uses > 0) {
                    count(e.getKey(), e.getValue().uses);
                }
            }
            for (int k = from; k < blocks; k++) {
                out.add(texts[k]);
            }
        } else {
            write(list, share.poolFrom() * per, n, out); // in order from where this writer stopped: its error
        }
    }

    /** The pool's side of {@link #shareChains}: blocks from the back, each block's text in {@code texts}. */
    private void writeFromBack(ChainList list, ChainShare share, String[] texts) {
        if (!share.poolStarts()) {
            return;
        }
        boolean failed = true;
        try {
            int per = plan.blockChains();
            Chunks block = new Chunks();
            for (int k = share.poolBlock(); k >= 0; k = share.poolBlock()) {
                write(list, k * per, Math.min(list.size(), (k + 1) * per), block);
                texts[k] = block.take();
            }
            failed = false;
        } catch (RuntimeException | Error e) {
            // met again, in order, by the caller, which writes this writer's part again
        } finally {
            share.poolDone(failed);
        }
    }

    /** An IR set to declare, its members sorted and checked (throws for a set that cannot be written). */
    private static Declared irSet(String name, int uses, IpSet s) {
        return switch (s.type()) {
            case NETWORKS -> new Declared(name, uses, s, SetRenderer.sortedNetworks(s), null, null, null);
            case ADDRESS_PROTOCOL_PORT -> new Declared(name, uses, s, null, SetRenderer.sortedAddressPorts(s), null,
                    null);
        };
    }

    /**
     * The script as pieces of at most about {@link #CUT} characters, written in one reused builder and joined once
     * at the end. Why: G1 allocates an array over half a region (512 KB with a 2 GB heap) as a humongous object, and
     * each one may start a concurrent marking cycle of the whole heap. Writing the script in a builder of its full
     * size, then copying it into the returned string, took three to four such arrays per render, and a JMH run of
     * cold renders did one old-generation cycle per young collection (95 of 220, all "G1 Humongous Allocation"),
     * which slowed a long run more than a short one. Now only the returned string is that large.
     */
    private static final class Chunks {
        static final int CUT = 1 << 16;
        final StringBuilder b = new StringBuilder(CUT + (CUT >> 1));
        private final List<String> parts = new ArrayList<>();
        private long length;

        /** Ends a piece once the builder holds {@link #CUT} characters (called between whole chains or sets). */
        void cut() {
            if (b.length() >= CUT) {
                length += b.length();
                parts.add(b.toString());
                b.setLength(0);
            }
        }

        long length() {
            return length + b.length();
        }

        /** Adds a piece written elsewhere after what the builder holds. */
        void add(String piece) {
            if (b.length() > 0) {
                length += b.length();
                parts.add(b.toString());
                b.setLength(0);
            }
            length += piece.length();
            parts.add(piece);
        }

        /** {@return everything written as one string, leaving these chunks empty (a block of the pool's writer)} */
        String take() {
            String all = parts.isEmpty() ? b.toString() : String.join("", done());
            parts.clear();
            b.setLength(0);
            length = 0;
            return all;
        }

        List<String> done() {
            if (b.length() > 0) {
                length += b.length();
                parts.add(b.toString());
                b.setLength(0);
            }
            return parts;
        }
    }

    /**
     * A set or map to declare: an IR set with its sorted members or its block as written before ({@code text}), or
     * one of the backend's own; {@code uses} counted once, not at every comparison of the sort.
     */
    private record Declared(String name, int uses, IpSet ir, Cidr[] networks, SetRenderer.Triples triples,
            Nft.SetDecl own, String text) {
        /** As {@code NftText.set(SetRenderer.irSet(ir))} prints it, without the model's element objects. */
        void append(StringBuilder b) {
            if (text != null) {
                b.append(text);
                return;
            }
            if (own != null) {
                NftText.set(b, own);
                return;
            }
            String addr = SetRenderer.addrType(ir.family());
            b.append("\tset ").append(name).append(" {\n\t\ttype ").append(addr);
            if (networks != null) {
                b.append("\n\t\tflags interval\n");
                NftText.elements(b, networks.length, (out, i) -> NftText.prefix(out, networks[i]));
            } else {
                b.append(" . inet_proto . inet_service\n");
                List<SetMember.AddressProtocolPort> members = triples.members();
                List<byte[]> addresses = triples.addresses();
                NftText.elements(b, members.size(), (out, i) -> {
                    SetMember.AddressProtocolPort t = members.get(i);
                    AddressText.append(out, addresses.get(i)).append(PROTOCOL_BETWEEN_DOTS[t.protocol()])
                            .append(t.port());
                });
            }
            b.append("\t}\n");
        }
    }

    /** {@code " . tcp . "} by protocol number (checked 0..255 by {@link SetRenderer#sortedAddressPorts}). */
    private static final String[] PROTOCOL_BETWEEN_DOTS = java.util.stream.IntStream.range(0, 256)
            .mapToObj(p -> " . " + NftProtocols.name(p) + " . ").toArray(String[]::new);

    /** A set or map name's IR set (null for the backend's own) and how many written rules look it up. */
    private static final class Lookup {
        final IpSet ir;
        int uses;

        Lookup(IpSet ir) {
            this.ir = ir;
        }
    }

    private int uses(String name) {
        Lookup l = lookups.get(name);
        return l == null ? 0 : l.uses;
    }

    /** Counts a lookup of the backend's own set or map {@code name}. */
    private void use(String name) {
        if (cache != null) {
            chainLookups.add(name);
        }
        count(name);
    }

    private void count(String name) {
        count(name, 1);
    }

    private void count(String name, int uses) {
        Lookup l = lookups.get(name);
        if (l == null) {
            l = new Lookup(null);
            lookups.put(name, l);
        }
        l.uses += uses;
    }

    private void chain(StringBuilder b, String name, Nft.Hook hook, List<IrRule> rules) {
        b.append("\tchain ").append(name).append(" {\n");
        if (hook != null) {
            b.append("\t\t").append(NftObjects.header(hook)).append('\n');
        }
        NftChainCache.Entry known = cache == null ? null : cache.get(rules);
        if (known != null && known.counters() == options.counters() && known.validIn(sets, regular)) {
            known.own().forEach(shared::adopt);
            known.lookups().forEach(this::count);
            b.append(known.text());
        } else {
            int start = b.length();
            if (cache != null) { // only an entry needs them; clearing a grown HashSet costs its capacity per chain
                chainLookups.clear();
                chainTargets.clear();
            }
            for (IrRule r : rules) {
                rule(b, r);
            }
            if (cache != null) {
                cache.put(rules, entry(b.substring(start)));
            }
        }
        b.append("\t}\n");
    }

    private NftChainCache.Entry entry(String text) {
        if (chainLookups.isEmpty() && chainTargets.isEmpty()) {
            return new NftChainCache.Entry(options.counters(), text, ImmutableList.of(), ImmutableMap.of(),
                    ImmutableList.of(), ImmutableSet.of()); // most policy chains: nothing to record, nothing to copy
        }
        ImmutableMap.Builder<String, NftChainCache.SetKind> irSets = ImmutableMap.builder();
        ImmutableList.Builder<Nft.SetDecl> own = ImmutableList.builder();
        for (String name : ImmutableSet.copyOf(chainLookups)) {
            IpSet s = sets.get(name);
            if (s != null) {
                irSets.put(name, NftChainCache.SetKind.of(s));
            } else {
                own.add(shared.declared(name).orElseThrow());
            }
        }
        return new NftChainCache.Entry(options.counters(), text, ImmutableList.copyOf(chainLookups), irSets.build(),
                own.build(), ImmutableSet.copyOf(chainTargets));
    }

    // ---- one IR rule ---------------------------------------------------------------------------------------------

    /** The text an action adds: an extra match (one-entry dispatch) or null, and the statement or null. */
    private record ActionText(String match, String statement, String target, String map) {
        ActionText(String statement) {
            this(null, statement, null, null);
        }
    }

    private static final ActionText NOTHING = new ActionText(null);

    /**
     * Appends the lines of one IR rule: one, or one per port combination ({@link PortSplit}), each doubled by the
     * not-DNAT split ({@link RuleRenderer#rules}). On a failed check the model path renders the rule again, for its
     * exact exception.
     */
    private void rule(StringBuilder b, IrRule rule) {
        int mark = b.length();
        try {
            writeRule(b, rule);
        } catch (IllegalArgumentException | IllegalStateException e) {
            b.setLength(mark);
            modelPath().rules(rule); // throws the model path's exception for the same rule
            throw new IllegalStateException("the direct nft renderer refused a rule the model path renders: " + rule, e);
        }
    }

    private RuleRenderer modelPath() {
        if (fallback == null) {
            fallback = new RuleRenderer(new MatchRenderer(sets, shared), new ActionRenderer(regular, shared),
                    options.counters());
        }
        return fallback;
    }

    private void writeRule(StringBuilder b, IrRule rule) {
        ImmutableList<Match> matches = rule.matches();
        int n = matches.size();
        // The positive short port lists the port split writes one range at a time; checked as PortSplit checks.
        int splits = 0;
        boolean notDnat = false;
        for (int i = 0; i < n; i++) {
            Match m = matches.get(i);
            if (m instanceof Match.Ports p && !p.negated() && p.ranges().size() > 1 && PortSplit.inline(p)) {
                checkDisjoint(p);
                splits++;
            } else if (m instanceof Match.ConntrackDnat d && !d.dnat()) {
                notDnat = true;
            }
        }
        ActionText action = action(rule.action());
        String lineStart = family(rule);
        checkProtocols(rule);
        RuleOrigin comment = rule.origin();
        if (splits == 0) {
            if (notDnat) {
                line(b, rule, lineStart, null, true, action, comment);
            }
            line(b, rule, lineStart, null, false, action, comment);
            return;
        }
        // Every combination of one range per split list, the first list's range varying slowest (PortSplit order).
        // The three arrays are this writer's, reused: a policy rule with a short port list passes here, and three
        // arrays per such rule were 4 % of a cold render's allocation (JFR).
        if (index.length < n) {
            index = new int[Math.max(n, 2 * index.length)];
            choice = new int[index.length];
            splitAt = new int[index.length];
        }
        int[] index = this.index;
        int[] choice = this.choice;
        int[] splitAt = this.splitAt;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (matches.get(i) instanceof Match.Ports p && !p.negated() && p.ranges().size() > 1 && PortSplit.inline(p)) {
                splitAt[k++] = i;
                index[i] = 0;
            }
        }
        while (true) {
            for (int j = 0; j < splits; j++) {
                choice[splitAt[j]] = index[splitAt[j]];
            }
            if (notDnat) {
                line(b, rule, lineStart, choice, true, action, comment);
            }
            line(b, rule, lineStart, choice, false, action, comment);
            int d = splits - 1;
            while (d >= 0) {
                int at = splitAt[d];
                if (++index[at] < ((Match.Ports) matches.get(at)).ranges().size()) {
                    break;
                }
                index[at] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    private static void checkDisjoint(Match.Ports p) {
        List<PortRange> ranges = p.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).first() <= ranges.get(i - 1).last()) {
                throw new IllegalArgumentException("port ranges must be sorted and disjoint");
            }
        }
    }

    /**
     * One written rule: {@code [meta nfproto ..] <matches> [dispatch match] [counter] <statement> [comment ".."]}.
     *
     * @param choice per match index, the range of a split port list to write; null when nothing splits
     * @param noConnection whether this is the not-DNAT split's line for packets without a connection
     */
    private void line(StringBuilder b, IrRule rule, String lineStart, int[] choice, boolean noConnection,
            ActionText action, RuleOrigin comment) {
        b.append(lineStart == null ? "\t\t" : lineStart);
        ImmutableList<Match> matches = rule.matches();
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            if (m instanceof Match.Family) {
                continue;
            }
            if (noConnection && m instanceof Match.ConntrackDnat d && !d.dnat()) {
                b.append(NO_CONNECTION).append(' ');
            } else if (choice != null && m instanceof Match.Ports p && !p.negated() && p.ranges().size() > 1
                    && PortSplit.inline(p)) {
                portField(b, p, rule).append(' ');
                range(b, p.ranges().get(choice[i])).append(' ');
            } else {
                match(b, m, rule);
                b.append(' ');
            }
        }
        if (action.match() != null) {
            b.append(action.match()).append(' ');
        }
        if (options.counters()) {
            b.append("counter ");
        }
        if (action.statement() != null) {
            b.append(action.statement());
            if (action.target() != null) {
                b.append(' ').append(action.target());
            }
            if (action.map() != null) {
                use(action.map());
            }
        } else {
            b.append("continue");
        }
        comment(b, comment);
        b.append('\n');
    }

    /**
     * Appends {@code  comment "<text>"} for {@code origin}, or nothing when it has no comment: the text is
     * {@code NftStrings.comment(origin.comments())}, written straight into the rule's line. Why not via
     * {@link RuleOrigin#comments()}: that builds a list and a string per rule, and memoising the built-in ones by
     * value hashed a record per rule; together the comments were about 15 % of a cold render (JFR, issue 10).
     */
    private void comment(StringBuilder b, RuleOrigin origin) {
        if (origin instanceof RuleOrigin.PolicyRule r && r.annotations().isEmpty()) {
            String h = policyHead(r);
            if (h != null) { // safe, and short enough for any index: nothing to check after writing
                b.append(h).append(r.ruleIndex()).append("]\"");
                return;
            }
        } else if (origin instanceof RuleOrigin.Builtin builtin) {
            String written = BUILTIN_WRITTEN[builtin.purpose().ordinal()];
            if (written != null) {
                b.append(written);
                return;
            }
        }
        int mark = b.length();
        b.append(" comment \"");
        int start = b.length();
        if (origin instanceof RuleOrigin.PolicyRule r) {
            b.append(r.owner().label()).append(' ').append(r.name()).append(' ')
                    .append(DIRECTION_LABELS[r.direction().ordinal()]).append('[').append(r.ruleIndex()).append(']');
            for (Map.Entry<String, String> a : r.annotations().entrySet()) {
                b.append("; ").append(a.getKey()).append('=').append(a.getValue());
            }
        } else if (origin instanceof RuleOrigin.Builtin builtin) {
            String[] parts = BUILTIN_TEMPLATES[builtin.purpose().ordinal()];
            if (parts == null) {
                b.setLength(mark);
                return;
            }
            b.append(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                b.append(builtin.subject().orElseThrow()).append(parts[i]);
            }
        } else {
            String c = comments.get(origin); // failsafe entries and notes: few, spelled once
            if (c == null) {
                c = String.join("; ", origin.comments());
                comments.put(origin, c);
            }
            b.append(c);
        }
        int end = b.length();
        if (end == start) {
            b.setLength(mark);
            return;
        }
        if (end - start > NftStrings.MAX_COMMENT_BYTES || !NftStrings.allSafe(b, start, end)) {
            String raw = b.substring(start);
            b.setLength(start);
            String safe = NftStrings.truncateUtf8(NftStrings.safe(raw), NftStrings.MAX_COMMENT_BYTES);
            if (safe.isEmpty()) {
                b.setLength(mark);
                return;
            }
            b.append(safe);
        }
        b.append('"');
    }

    /**
     * {@code  comment "policy NAME ingress[} for {@code r}'s owner, name and direction when it is all safe characters
     * and a comment with any index fits the limit; else null. Kept for the next rule: a chain's rules share it, and
     * checking every comment's characters again was a tenth of writing it (JFR, issue 10). Only the name needs
     * checking: the owner and direction labels are fixed lower-case words.
     */
    private String policyHead(RuleOrigin.PolicyRule r) {
        RuleOrigin.PolicyRule last = lastHead;
        if (last != null && last.owner() == r.owner() && last.direction() == r.direction() && last.name().equals(r.name())) {
            return head;
        }
        String name = r.name();
        String direction = DIRECTION_LABELS[r.direction().ordinal()];
        int length = r.owner().label().length() + 1 + name.length() + 1 + direction.length() + 1;
        // 11 characters for any int, 1 for ']'
        head = length + 12 <= NftStrings.MAX_COMMENT_BYTES && NftStrings.allSafe(name, 0, name.length())
                ? " comment \"" + r.owner().label() + ' ' + name + ' ' + direction + '[' : null;
        lastHead = r;
        return head;
    }

    /**
     * The start of a rule line that states the family with {@code meta nfproto}, or null: the rule's family when
     * no match implies it (as {@link MatchRenderer#render}); throws when the rule mixes families.
     */
    private static String family(IrRule rule) {
        IpFamily found = null;
        boolean implied = false;
        ImmutableList<Match> matches = rule.matches();
        for (int k = 0; k < matches.size(); k++) { // indexed: no iterator per rule
            Match m = matches.get(k);
            IpFamily f = familyOf(m);
            if (f != null) {
                if (found != null && f != found) {
                    throw new IllegalArgumentException("rule mixes IPv4 and IPv6 matches");
                }
                found = f;
            }
            implied |= m instanceof Match.Address || m instanceof Match.AddressSet || m instanceof Match.AddressPortSet
                    || m instanceof Match.Icmp i && !i.negated() && i.type().isPresent();
        }
        return found == null || implied ? null : found == IpFamily.V4 ? "\t\tmeta nfproto ipv4 " : "\t\tmeta nfproto ipv6 ";
    }

    /** {@code m.family()} or null, without an {@code Optional} per address match (2 % of a cold render, JFR). */
    private static IpFamily familyOf(Match m) {
        if (m instanceof Match.Address a) {
            return a.cidr().family();
        } else if (m instanceof Match.AddressSet s) {
            return s.ipFamily();
        } else if (m instanceof Match.AddressPortSet s) {
            return s.ipFamily();
        } else if (m instanceof Match.Family f) {
            return f.ipFamily();
        } else if (m instanceof Match.Icmp i) {
            return i.ipFamily();
        }
        return m.family().orElse(null);
    }

    /** {@link MatchRenderer}'s check: the positive matches require at most one transport protocol. */
    private static void checkProtocols(IrRule rule) {
        int required = -1;
        ImmutableList<Match> matches = rule.matches();
        for (int k = 0; k < matches.size(); k++) {
            Match m = matches.get(k);
            int p = -1;
            if (m instanceof Match.Protocol pr && !pr.negated()) {
                p = pr.number();
            } else if (m instanceof Match.Ports ports && NftProtocols.hasPortHeader(ports.protocol())) {
                p = ports.protocol();
            } else if (m instanceof Match.Icmp i && !i.negated()) {
                p = i.ipFamily() == IpFamily.V4 ? NftProtocols.ICMP : NftProtocols.ICMPV6;
            }
            if (p >= 0) {
                if (required >= 0 && required != p) {
                    throw new IllegalArgumentException("rule can never match: it requires two protocols");
                }
                required = p;
            }
        }
    }

    // ---- matches (MatchRenderer's spellings) ---------------------------------------------------------------------

    private void match(StringBuilder b, Match m, IrRule rule) {
        if (m instanceof Match.Interface i) {
            b.append(i.direction() == io.hostwall.ir.InterfaceDirection.IN ? "iifname " : "oifname ")
                    .append(i.negated() ? "!= \"" : "\"").append(NftNames.ifnameValue(i.name(), i.prefix())).append('"');
        } else if (m instanceof Match.Protocol p) {
            b.append(p.negated() ? "meta l4proto != " : "meta l4proto ").append(NftProtocols.name(p.number()));
        } else if (m instanceof Match.Address a) {
            address(b, a.cidr().family(), a.side()).append(a.negated() ? " != " : " ");
            prefix(b, a.cidr());
        } else if (m instanceof Match.AddressSet s) {
            String name = set(s.setName(), SetType.NETWORKS, s.ipFamily());
            address(b, s.ipFamily(), s.side()).append(s.negated() ? " != @" : " @").append(name);
        } else if (m instanceof Match.Ports p) {
            ports(b, p, rule);
        } else if (m instanceof Match.AddressPortSet s) {
            String name = set(s.setName(), SetType.ADDRESS_PROTOCOL_PORT, s.ipFamily());
            address(b, s.ipFamily(), s.side()).append(" . meta l4proto . th ").append(port(s.side()))
                    .append(s.negated() ? " != @" : " @").append(name);
        } else if (m instanceof Match.Icmp i) {
            icmp(b, i);
        } else if (m instanceof Match.Mark mk) {
            markMatch(b, mk);
        } else if (m instanceof Match.ConntrackState c) {
            b.append(ctState(c));
        } else if (m instanceof Match.ConntrackDnat d) {
            b.append(d.dnat() ? "ct status & dnat != 0" : "ct status & dnat == 0");
        } else {
            throw new IllegalStateException("unknown match " + m); // Family is skipped by the caller
        }
    }

    private static StringBuilder address(StringBuilder b, IpFamily f, Side side) {
        return b.append(f == IpFamily.V4 ? side == Side.SOURCE ? "ip saddr" : "ip daddr"
                : side == Side.SOURCE ? "ip6 saddr" : "ip6 daddr");
    }

    private static String port(Side side) {
        return side == Side.SOURCE ? "sport" : "dport";
    }

    private static void prefix(StringBuilder b, Cidr cidr) {
        NftText.prefix(b, cidr);
    }

    /** Checks a lookup of IR set {@code name} and counts it. */
    private String set(String name, SetType type, IpFamily family) {
        Lookup l = lookups.get(name);
        if (l == null) {
            l = firstLookup(name);
        }
        IpSet s = l == null ? null : l.ir;
        if (s == null || s.type() != type || s.family() != family) {
            throw new IllegalArgumentException("bad set reference " + name);
        }
        l.uses++;
        if (cache != null) {
            chainLookups.add(name);
        }
        return name;
    }

    /**
     * The count of IR set {@code name} (null when there is none), made at its first lookup by the pool's writer
     * ({@link #shareChains}), which counts only the sets its part looks up (the caller's writer has them all).
     */
    private Lookup firstLookup(String name) {
        IpSet s = sets.get(name);
        if (s == null) {
            return null;
        }
        Lookup l = new Lookup(s);
        lookups.put(name, l);
        return l;
    }

    /** {@code tcp dport}: the header as {@link MatchRenderer#ports} chooses it, checked the same way. */
    private static StringBuilder portField(StringBuilder b, Match.Ports p, IrRule rule) {
        if (p.ranges().isEmpty()) {
            throw new IllegalArgumentException("empty port list");
        }
        String header = switch (p.protocol()) {
            case NftProtocols.TCP -> "tcp ";
            case NftProtocols.UDP -> "udp ";
            case NftProtocols.SCTP -> "sctp ";
            default -> {
                for (Match m : rule.matches()) {
                    if (m instanceof Match.Protocol pr && !pr.negated() && pr.number() == p.protocol()) {
                        yield "th ";
                    }
                }
                throw new IllegalArgumentException("ports need a protocol match");
            }
        };
        return b.append(header).append(port(p.side()));
    }

    private static StringBuilder range(StringBuilder b, PortRange r) {
        return r.first() == r.last() ? b.append(r.first()) : b.append(r.first()).append('-').append(r.last());
    }

    private void ports(StringBuilder b, Match.Ports p, IrRule rule) {
        portField(b, p, rule);
        List<PortRange> ranges = p.ranges();
        if (ranges.size() == 1 || (p.negated() && PortSplit.inline(p))) {
            for (int i = 0; i < ranges.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                    portField(b, p, rule);
                }
                b.append(p.negated() ? " != " : " ");
                range(b, ranges.get(i));
            }
            return;
        }
        String name = shared.ports(ranges);
        b.append(p.negated() ? " != @" : " @").append(name);
        use(name);
    }

    private void icmp(StringBuilder b, Match.Icmp i) {
        String header = i.ipFamily() == IpFamily.V4 ? "icmp" : "icmpv6";
        if (i.type().isEmpty()) {
            if (i.code().isPresent()) {
                throw new IllegalArgumentException("ICMP code without a type");
            }
            b.append(i.negated() ? "meta l4proto != " : "meta l4proto ").append(header);
            return;
        }
        int type = byteValue(i.type().getAsInt());
        if (i.code().isPresent()) {
            byteValue(i.code().getAsInt());
        }
        if (!i.negated()) {
            b.append(header).append(" type ").append(type);
            if (i.code().isPresent()) {
                b.append(' ').append(header).append(" code ").append(i.code().getAsInt());
            }
            return;
        }
        String set = shared.icmpNot(i.ipFamily(), type, i.code());
        b.append("meta l4proto . th sport != @").append(set);
        use(set);
    }

    private static int byteValue(int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("ICMP type or code out of range");
        }
        return v;
    }

    /**
     * {@link #mark}, spelled once per distinct mark test: a node has a handful, in most policy rules, and writing
     * the hex digits one character at a time was 3 % of a cold render (JFR).
     */
    private void markMatch(StringBuilder b, Match.Mark m) {
        for (int i = 0; i < markMatchCount; i++) {
            Match.Mark known = markMatches[i];
            if (known == m || known.equals(m)) {
                b.append(markMatchTexts[i]);
                return;
            }
        }
        int start = b.length();
        mark(b, m);
        if (markMatchCount < MARKS) {
            markMatches[markMatchCount] = m;
            markMatchTexts[markMatchCount++] = b.substring(start);
        }
    }

    private static void mark(StringBuilder b, Match.Mark m) {
        if ((m.value() & ~m.mask()) != 0) {
            throw new IllegalArgumentException("mark value outside its mask");
        }
        if (m.mask() == -1) {
            hex(b.append(m.negated() ? "meta mark != 0x" : "meta mark 0x"), m.value());
            return;
        }
        hex(hex(b.append("meta mark & 0x"), m.mask()).append(m.negated() ? " != 0x" : " == 0x"), m.value());
    }

    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    /** Appends {@code Integer.toHexString(v)} without making the string (a mark match is in most policy rules). */
    private static StringBuilder hex(StringBuilder b, int v) {
        int shift = 28;
        while (shift > 0 && (v >>> shift & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            b.append(HEX_DIGITS[v >>> shift & 0xf]);
        }
        return b;
    }

    /** {@code ct state established,related}, or the negation as a bit test (see {@link MatchRenderer}). */
    private static String ctState(Match.ConntrackState c) {
        if (c.states().isEmpty()) {
            throw new IllegalArgumentException("empty conntrack state list");
        }
        StringBuilder b = new StringBuilder(c.negated() ? "ct state & " : "ct state ");
        boolean group = c.negated() && c.states().size() > 1;
        if (group) {
            b.append('(');
        }
        boolean first = true;
        for (CtState s : CtState.values()) {
            if (c.states().contains(s)) {
                b.append(first ? "" : group ? " | " : ",").append(STATE_NAMES[s.ordinal()]);
                first = false;
            }
        }
        if (group) {
            b.append(')');
        }
        return c.negated() ? b.append(" == 0").toString() : b.toString();
    }

    // ---- actions (ActionRenderer's spellings) --------------------------------------------------------------------

    private ActionText action(IrAction a) {
        if (a instanceof IrAction.SetMark m) {
            for (int i = 0; i < marks; i++) {
                if (markValues[i] == m.value() && markMasks[i] == m.mask()) {
                    return markTexts[i];
                }
            }
            if (marks < MARKS) {
                markValues[marks] = m.value();
                markMasks[marks] = m.mask();
                markTexts[marks] = spell(a);
                return markTexts[marks++];
            }
        }
        if (a instanceof IrAction.SetMark || a instanceof IrAction.Log) {
            ActionText known = actions.get(a); // few distinct ones, each spelled once
            if (known == null) {
                known = spell(a);
                actions.put(a, known);
            }
            return known;
        }
        return spell(a);
    }

    private ActionText spell(IrAction a) {
        if (a instanceof IrAction.Accept) {
            return ACCEPT;
        } else if (a instanceof IrAction.Drop) {
            return DROP;
        } else if (a instanceof IrAction.Reject) {
            return REJECT;
        } else if (a instanceof IrAction.Return) {
            return RETURN;
        } else if (a instanceof IrAction.Jump j) {
            return new ActionText(null, "jump", target(j.chain()), null);
        } else if (a instanceof IrAction.Goto g) {
            return new ActionText(null, "goto", target(g.chain()), null);
        } else if (a instanceof IrAction.SetMark m) {
            return ActionRenderer.setMark(m).map(s -> new ActionText(NftText.statement(s))).orElse(NOTHING);
        } else if (a instanceof IrAction.Log l) {
            String prefix = NftStrings.logPrefix(l.prefix());
            return new ActionText(prefix.isEmpty() ? "log level info" : "log prefix \"" + prefix + "\" level info");
        } else if (a instanceof IrAction.Notrack) {
            return NOTRACK;
        } else if (a instanceof IrAction.Dispatch d) {
            return dispatch(d);
        }
        throw new IllegalStateException("unknown action " + a);
    }

    private static final ActionText ACCEPT = new ActionText("accept");
    private static final ActionText DROP = new ActionText("drop");
    private static final ActionText REJECT = new ActionText("reject");
    private static final ActionText RETURN = new ActionText("return");
    private static final ActionText NOTRACK = new ActionText("notrack");

    private String target(String chain) {
        if (!regular.contains(chain)) {
            throw new IllegalArgumentException("bad jump target " + chain);
        }
        if (cache != null) {
            chainTargets.add(chain);
        }
        return chain;
    }

    private ActionText dispatch(IrAction.Dispatch d) {
        ImmutableSortedMap<String, String> targets = d.targets();
        for (Map.Entry<String, String> e : targets.entrySet()) {
            NftNames.ifname(e.getKey(), false);
            target(e.getValue());
        }
        String keyword = d.direction() == io.hostwall.ir.InterfaceDirection.IN ? "iifname" : "oifname";
        if (targets.isEmpty()) {
            return NOTHING;
        } else if (targets.size() == 1) {
            Map.Entry<String, String> only = targets.firstEntry();
            return new ActionText(keyword + " \"" + NftNames.ifnameValue(only.getKey(), false) + "\"", "goto",
                    only.getValue(), null);
        }
        String map = shared.dispatch(targets);
        return new ActionText(null, keyword + " vmap @" + map, null, map);
    }
}

package io.hostwall.iptables;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.ToolRunner;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.net.IpFamily;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the IR into {@code iptables-restore} (IPv4), {@code ip6tables-restore} (IPv6) and, when the ruleset has
 * sets, {@code ipset restore} documents. A fresh host loads them as they are, sets first:
 *
 * <pre>
 * ipset restore &lt; ruleset.ipset
 * iptables-restore &lt; ruleset.iptables
 * ip6tables-restore &lt; ruleset.ip6tables
 * </pre>
 *
 * Those documents replace the raw, mangle and filter tables. On a host whose tables others also write, use
 * {@link IptablesApplyPlan} instead. Hook rules carry the comment {@code <tableName>:hook} (from
 * {@link RenderOptions#tableName()}), so that several hostwall instances can share a host.
 */
public final class IptablesBackend implements Backend {
    /** The backend's {@link #name()}. */
    public static final String NAME = "iptables";

    private final ChainRenderings.Plan plan;

    /** A backend; it holds no state, so one instance can render any number of rulesets, also concurrently. */
    public IptablesBackend() {
        this(ChainRenderings.Plan.DEFAULT);
    }

    /** @param plan where the parts of a render that need nothing from each other run (tests choose) */
    IptablesBackend(ChainRenderings.Plan plan) {
        this.plan = plan;
    }

    @Override
    public String name() {
        return NAME;
    }

    private static final ImmutableSet<DocumentKind> KINDS =
            Sets.immutableEnumSet(DocumentKind.IPTABLES, DocumentKind.IP6TABLES, DocumentKind.IPSET);

    /** {@inheritDoc} {@code ipset} only when the ruleset has sets. */
    @Override
    public ImmutableSet<DocumentKind> documentKinds() {
        return KINDS;
    }

    /** {@inheritDoc} {@code iptables} for V4, {@code ip6tables} for V6. */
    @Override
    public DocumentKind mainDocument(IpFamily family) {
        return family == IpFamily.V4 ? DocumentKind.IPTABLES : DocumentKind.IP6TABLES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The parts that need nothing from each other are offered to a pool thread ({@link PoolOffer}): the IP sets'
     * document first, then half of the chains ({@link ChainRenderings}), then the IPv6 document (its sections put
     * together from the rendered chains, and its text). Errors are still met in one order — the tables' checks, the
     * IPv4 sections, the IPv6 sections, the sets' document — since each offer is taken, or cancelled, at its place
     * in that order, and writing a document's text refuses nothing.
     */
    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
        String tag = hookTag(options);
        PoolOffer<String> ipset = PoolOffer.offer(plan.pool(), () -> ruleset.sets().isEmpty() ? "" : ipsetDocument(ruleset));
        try {
            TableRenderer tables = new TableRenderer(ruleset, plan);
            tables.prepare(); // every chain rendered; from here on the tables are only read
            PoolOffer<String> v6 = PoolOffer.offer(plan.pool(),
                    () -> mainText(ruleset, IpFamily.V6, tables.render(IpFamily.V6), tag));
            Map<DocumentKind, String> docs = new EnumMap<>(DocumentKind.class);
            try {
                docs.put(mainDocument(IpFamily.V4), mainText(ruleset, IpFamily.V4, tables.render(IpFamily.V4), tag));
            } catch (RuntimeException | Error e) {
                v6.cancel();
                throw e;
            }
            docs.put(mainDocument(IpFamily.V6), v6.take());
            String sets = ipset.take();
            if (!sets.isEmpty()) {
                docs.put(DocumentKind.IPSET, sets);
            }
            return RenderedRuleset.of(docs);
        } catch (RuntimeException | Error e) {
            ipset.cancel();
            throw e;
        }
    }

    private String mainText(Ruleset ruleset, IpFamily family, List<TableSection> sections, String tag) {
        DocumentKind kind = mainDocument(family);
        return RestoreDocumentWriter.full(header(ruleset, family == IpFamily.V4 ? "IPv4" : "IPv6", kind), sections, tag);
    }

    /**
     * {@inheritDoc} An {@link IptablesDataplane}: {@code ipset restore} and one {@code iptables-restore --noflush}
     * per touched table, rolled back as a whole when a tool refuses.
     */
    @Override
    public Optional<Dataplane> dataplane(RenderOptions options, ToolRunner tools) {
        return Optional.of(new IptablesDataplane(options, tools));
    }

    /** The ipset document; the apply plan uses the same one. */
    static String ipsetDocument(Ruleset ruleset) {
        return IpsetDocumentWriter.write(header(ruleset, "IP sets", DocumentKind.IPSET), ruleset.sets());
    }

    /** The owner comment of hook rules. */
    static String hookTag(RenderOptions options) {
        return options.tableName() + ":hook";
    }

    private static String header(Ruleset ruleset, String what, DocumentKind kind) {
        return "hostwall " + what + " for node " + ruleset.node() + "\nload with: " + String.join(" ", kind.loadCommand())
                + (kind == DocumentKind.IPSET ? " (before the iptables documents)" : " (replaces the raw, mangle and filter tables)");
    }
}

package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.Backend;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.net.IpFamily;
import java.util.EnumMap;
import java.util.Map;

/**
 * A frozen copy of the renderer as it was before the single-buffer rewrite (main 44d40aa), kept as the oracle of
 * the differential tests: the new renderer must print byte for byte what this one prints.
 *
 * <p>Renders the IR into {@code iptables-restore} (IPv4), {@code ip6tables-restore} (IPv6) and, when the ruleset has
 * sets, {@code ipset restore} documents. A fresh host loads them as they are, sets first:
 *
 * <pre>
 * ipset restore &lt; ruleset.ipset
 * iptables-restore &lt; ruleset.iptables
 * ip6tables-restore &lt; ruleset.ip6tables
 * </pre>
 *
 * Those documents replace the raw, mangle and filter tables. On a host whose tables others also write, use
 * IptablesApplyPlan instead. Hook rules carry the comment {@code <tableName>:hook} (from
 * {@link RenderOptions#tableName()}), so that several hostwall instances can share a host.
 */
public final class IptablesBackend implements Backend {
    /** The backend's {@link #name()}. */
    public static final String NAME = "iptables";

    /** A backend; it holds no state, so one instance can render any number of rulesets, also concurrently. */
    public IptablesBackend() {}

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

    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
        TableRenderer tables = new TableRenderer(ruleset);
        String tag = hookTag(options);
        Map<DocumentKind, String> docs = new EnumMap<>(DocumentKind.class);
        docs.put(DocumentKind.IPTABLES, RestoreDocumentWriter.full(header(ruleset, "IPv4", DocumentKind.IPTABLES), tables.render(IpFamily.V4), tag));
        docs.put(DocumentKind.IP6TABLES, RestoreDocumentWriter.full(header(ruleset, "IPv6", DocumentKind.IP6TABLES), tables.render(IpFamily.V6), tag));
        if (!ruleset.sets().isEmpty()) {
            docs.put(DocumentKind.IPSET, ipsetDocument(ruleset));
        }
        return RenderedRuleset.of(docs);
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

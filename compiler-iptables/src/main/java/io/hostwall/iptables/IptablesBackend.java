package io.hostwall.iptables;

import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.ir.Ruleset;
import io.hostwall.spi.Backend;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;
import io.hostwall.net.IpFamily;

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

    /** A backend; it holds no state, so one instance can render any number of rulesets, also concurrently. */
    public IptablesBackend() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RenderedRuleset render(Ruleset ruleset, RenderOptions options) {
        TableRenderer tables = new TableRenderer(ruleset);
        String tag = hookTag(options);
        ImmutableSortedMap.Builder<String, String> docs = ImmutableSortedMap.naturalOrder();
        docs.put("iptables", RestoreDocumentWriter.full(header(ruleset, "IPv4", "iptables-restore"), tables.render(IpFamily.V4), tag));
        docs.put("ip6tables", RestoreDocumentWriter.full(header(ruleset, "IPv6", "ip6tables-restore"), tables.render(IpFamily.V6), tag));
        if (!ruleset.sets().isEmpty()) {
            docs.put("ipset", ipsetDocument(ruleset));
        }
        return new RenderedRuleset(docs.build());
    }

    /** The ipset document; the apply plan uses the same one. */
    static String ipsetDocument(Ruleset ruleset) {
        return IpsetDocumentWriter.write(header(ruleset, "IP sets", "ipset restore"), ruleset.sets());
    }

    /** The owner comment of hook rules. */
    static String hookTag(RenderOptions options) {
        return options.tableName() + ":hook";
    }

    private static String header(Ruleset ruleset, String what, String tool) {
        return "hostwall " + what + " for node " + ruleset.node() + "\nload with: " + tool
                + (tool.startsWith("ipset") ? " (before the iptables documents)" : " (replaces the raw, mangle and filter tables)");
    }
}

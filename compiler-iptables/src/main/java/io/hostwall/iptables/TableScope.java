package io.hostwall.iptables;

import io.hostwall.ir.TableKind;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One family's table, the scope of the dataplane's chain and hooks ids: {@code ip filter}, {@code ip6 raw}. Tables
 * order V4 before V6, then raw, mangle, filter, the order the dataplane writes them in.
 */
record TableScope(IpFamily family, TableKind table) {
    /** The scope of every ipset: set names are global to the network namespace. */
    static final String IPSET = "ipset";

    /** Every table the dataplane writes, in writing order. */
    static List<TableScope> all() {
        List<TableScope> out = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            for (TableKind t : TableKind.values()) {
                out.add(new TableScope(f, t));
            }
        }
        return out;
    }

    /** The scope text of the ids, e.g. {@code ip6 mangle}. */
    String scope() {
        return (family == IpFamily.V4 ? "ip " : "ip6 ") + table.iptablesName();
    }

    /** The table of a scope text, empty for another kind of scope ({@code ipset}). */
    static Optional<TableScope> parse(String scope) {
        return all().stream().filter(s -> s.scope().equals(scope)).findFirst();
    }

    String saveTool() {
        return family == IpFamily.V4 ? "iptables-save" : "ip6tables-save";
    }

    /** {@code iptables} or {@code ip6tables}, for {@code -S CHAIN}. */
    String listTool() {
        return family == IpFamily.V4 ? "iptables" : "ip6tables";
    }

    String restoreTool() {
        return family == IpFamily.V4 ? "iptables-restore" : "ip6tables-restore";
    }
}

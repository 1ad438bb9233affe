package io.hostwall.iptables;

import io.hostwall.ir.testing.ScratchNetns;

/** A scratch namespace for the iptables and ipset tools; skips like {@link ScratchNetns} when one is missing. */
final class IptablesNetns extends ScratchNetns {
    private IptablesNetns() {
        super("iptables-restore", "ip6tables-restore", "iptables-save", "ip6tables-save", "ipset");
    }

    static IptablesNetns create() {
        return new IptablesNetns();
    }

    /** iptables-save / ip6tables-save without comment lines and with counters zeroed: comparable text. */
    String save(String tool) {
        StringBuilder b = new StringBuilder();
        for (String line : exec(tool).orFail().out().split("\n")) {
            if (!line.startsWith("#")) {
                b.append(line.replaceAll("\\[\\d+:\\d+]", "[0:0]")).append('\n');
            }
        }
        return b.toString();
    }
}

package io.hostwall.iptables.legacy;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Hook;
import io.hostwall.ir.TableKind;

/** The built-in chains of the three tables hostwall writes, in iptables-save's order. */
final class Builtins {
    private Builtins() {}

    static ImmutableList<String> of(TableKind table) {
        return switch (table) {
            case RAW -> ImmutableList.of("PREROUTING", "OUTPUT");
            case MANGLE -> ImmutableList.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
            case FILTER -> ImmutableList.of("INPUT", "FORWARD", "OUTPUT");
        };
    }

    /** The built-in chain a base chain at {@code hook} of {@code table} is hooked from. */
    static String hookChain(TableKind table, Hook hook) {
        String name = hook.name();
        if (!of(table).contains(name)) {
            throw new IllegalArgumentException("the " + table.iptablesName() + " table has no " + name + " hook");
        }
        return name;
    }
}

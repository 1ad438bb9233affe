package io.hostwall.iptables.legacy;

import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The interface part of a rule for one direction. iptables allows one {@code -i} (one {@code -o}) per rule, so the
 * IR's interface matches of a direction are first simplified — names either contain each other or are disjoint,
 * which decides most combinations statically — and whatever negations remain beyond the first become guards.
 */
final class InterfaceSlot {
    private InterfaceSlot() {}

    static Slot resolve(List<Match.Interface> matches, InterfaceDirection direction) {
        String flag = flag(direction);
        Optional<Match.Interface> pos = Optional.empty();
        List<Match.Interface> negs = new ArrayList<>();
        for (Match.Interface m : matches) {
            IptablesText.interfaceName(m.name(), m.prefix());
            if (m.negated()) {
                negs.add(m);
            } else if (pos.isEmpty() || covers(pos.get(), m)) {
                pos = Optional.of(m);
            } else if (!covers(m, pos.get())) {
                return Slot.NEVER; // two positive names that no interface has both of
            }
        }
        List<Match.Interface> kept = new ArrayList<>();
        for (Match.Interface n : negs) {
            if (pos.isPresent() && covers(n, pos.get())) {
                return Slot.NEVER;
            }
            if (pos.isPresent() && disjoint(n, pos.get())) {
                continue; // excludes nothing the positive match lets through
            }
            if (kept.stream().noneMatch(k -> covers(k, n))) {
                kept.removeIf(k -> covers(n, k));
                kept.add(n);
            }
        }
        List<String> guards = new ArrayList<>();
        String inline;
        if (pos.isPresent()) {
            inline = flag + " " + word(pos.get());
            kept.forEach(n -> guards.add(flag + " " + word(n)));
        } else if (!kept.isEmpty()) {
            inline = "! " + flag + " " + word(kept.get(0));
            kept.subList(1, kept.size()).forEach(n -> guards.add(flag + " " + word(n)));
        } else {
            inline = "";
        }
        return Slot.of(List.of(inline), guards);
    }

    /** True when the interface {@code name} passes every match in {@code matches} (used for dispatch entries). */
    static boolean admits(String name, List<Match.Interface> matches) {
        for (Match.Interface m : matches) {
            boolean hit = m.prefix() ? name.startsWith(m.name()) : name.equals(m.name());
            if (hit == m.negated()) {
                return false;
            }
        }
        return true;
    }

    static String flag(InterfaceDirection direction) {
        return direction == InterfaceDirection.IN ? "-i" : "-o";
    }

    private static String word(Match.Interface m) {
        return IptablesText.interfaceName(m.name(), m.prefix());
    }

    /** Every interface {@code b} matches, {@code a} matches too. (iptables' {@code eth+} also matches {@code eth}.) */
    static boolean covers(Match.Interface a, Match.Interface b) {
        if (!a.prefix()) {
            return !b.prefix() && a.name().equals(b.name());
        }
        return b.name().startsWith(a.name());
    }

    /** No interface matches both. */
    static boolean disjoint(Match.Interface a, Match.Interface b) {
        if (!a.prefix() && !b.prefix()) {
            return !a.name().equals(b.name());
        }
        if (a.prefix() && b.prefix()) {
            return !a.name().startsWith(b.name()) && !b.name().startsWith(a.name());
        }
        Match.Interface exact = a.prefix() ? b : a;
        Match.Interface prefix = a.prefix() ? a : b;
        return !exact.name().startsWith(prefix.name());
    }
}

package io.hostwall.iptables.legacy;

import io.hostwall.ir.Match;
import io.hostwall.ir.Side;
import io.hostwall.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address part of a rule for one side. iptables allows one {@code --source} per rule; the IR may AND several
 * networks of a side (e.g. up to four negated nets). Networks are nested or disjoint, which settles positive
 * combinations statically; further negated networks use xt_iprange ({@code -m iprange ! --src-range a-b}), which
 * may appear any number of times in a rule, so no helper chain is needed.
 */
final class AddressSlot {
    private AddressSlot() {}

    static Slot resolve(List<Match.Address> matches, Side side) {
        Optional<Cidr> pos = Optional.empty();
        List<Cidr> negs = new ArrayList<>();
        for (Match.Address m : matches) {
            Cidr c = m.cidr();
            if (m.negated()) {
                negs.add(c);
            } else if (pos.isEmpty() || pos.get().contains(c)) {
                pos = Optional.of(c);
            } else if (!c.contains(pos.get())) {
                return Slot.NEVER; // disjoint networks
            }
        }
        if (pos.isPresent() && pos.get().isCatchAll()) {
            pos = Optional.empty(); // 0.0.0.0/0 within the document's family: no condition
        }
        List<Cidr> kept = new ArrayList<>();
        for (Cidr n : negs) {
            if (pos.isPresent() ? n.contains(pos.get()) : n.isCatchAll()) {
                return Slot.NEVER;
            }
            if (pos.isPresent() && !pos.get().contains(n)) {
                continue; // disjoint from the positive network: excludes nothing
            }
            if (kept.stream().noneMatch(k -> k.contains(n))) {
                kept.removeIf(n::contains);
                kept.add(n);
            }
        }
        List<String> parts = new ArrayList<>();
        String flag = side == Side.SOURCE ? "--source" : "--destination";
        String rangeFlag = side == Side.SOURCE ? "--src-range" : "--dst-range";
        int firstRange = 0;
        if (pos.isPresent()) {
            parts.add(flag + " " + Addresses.cidr(pos.get()));
        } else if (!kept.isEmpty()) {
            parts.add("! " + flag + " " + Addresses.cidr(kept.get(0)));
            firstRange = 1;
        }
        for (Cidr n : kept.subList(firstRange, kept.size())) {
            parts.add("-m iprange ! " + rangeFlag + " " + Addresses.range(n));
        }
        return Slot.fixed(Fragments.join(parts));
    }
}

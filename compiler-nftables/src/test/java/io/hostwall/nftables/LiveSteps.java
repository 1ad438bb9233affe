package io.hostwall.nftables;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Ruleset;
import io.hostwall.net.IpFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One random change of the kinds a live agent's ruleset sees, applied to a ruleset so that every object it does not
 * touch stays the very same instance (as the compiler's patch keeps them). Lists stay sorted by name, as the
 * compiler emits them, except where a step puts a name twice.
 */
final class LiveSteps {
    private LiveSteps() {}

    static Ruleset next(Ruleset r, Random pick, int step) {
        List<Chain> chains = new ArrayList<>(r.chains());
        List<IpSet> sets = new ArrayList<>(r.sets());
        List<BaseChain> bases = new ArrayList<>(r.baseChains());
        switch (pick.nextInt(10)) {
            case 0 -> { // a chain's rules edited
                if (!chains.isEmpty()) {
                    int i = pick.nextInt(chains.size());
                    Chain c = chains.get(i);
                    chains.set(i, new Chain(c.name(), c.rules().isEmpty() ? c.rules()
                            : c.rules().subList(0, c.rules().size() - 1)));
                }
            }
            case 1, 2 -> { // a chain added, sometimes jumped to by an existing chain
                String name = "hw-new-" + step + "-" + pick.nextInt(1000);
                List<IrRule> rules = chains.isEmpty() ? List.of()
                        : chains.get(pick.nextInt(chains.size())).rules();
                chains.add(new Chain(name, ImmutableList.copyOf(rules)));
                if (pick.nextBoolean() && chains.size() > 1) {
                    int i = pick.nextInt(chains.size() - 1);
                    Chain c = chains.get(i);
                    if (!c.name().equals(name) && !c.rules().isEmpty()) {
                        List<IrRule> more = new ArrayList<>(c.rules());
                        more.add(IrRule.of(c.rules().get(0).origin(), new IrAction.Jump(name)));
                        chains.set(i, new Chain(c.name(), ImmutableList.copyOf(more)));
                    }
                }
                chains.sort(Comparator.comparing(Chain::name));
            }
            case 3 -> { // a chain removed (refused when something still jumps to it)
                if (!chains.isEmpty()) {
                    chains.remove(pick.nextInt(chains.size()));
                }
            }
            case 4 -> { // a set added
                if (!sets.isEmpty()) {
                    IpSet s = sets.get(pick.nextInt(sets.size()));
                    sets.add(new IpSet("hw-set-" + step + "-" + pick.nextInt(1000), s.family(), s.type(),
                            s.members()));
                    sets.sort(Comparator.comparing(IpSet::name));
                }
            }
            case 5 -> { // a set removed (refused when a rule still looks it up)
                if (!sets.isEmpty()) {
                    sets.remove(pick.nextInt(sets.size()));
                }
            }
            case 6 -> { // a set's members or family changed
                if (!sets.isEmpty()) {
                    int i = pick.nextInt(sets.size());
                    IpSet s = sets.get(i);
                    sets.set(i, pick.nextInt(3) == 0
                            ? new IpSet(s.name(), s.family() == IpFamily.V4 ? IpFamily.V6 : IpFamily.V4, s.type(),
                                    ImmutableList.of())
                            : new IpSet(s.name(), s.family(), s.type(),
                                    s.members().isEmpty() ? s.members() : s.members().subList(1, s.members().size())));
                }
            }
            case 7 -> { // a base chain edited
                if (!bases.isEmpty()) {
                    int i = pick.nextInt(bases.size());
                    BaseChain b = bases.get(i);
                    bases.set(i, new BaseChain(b.name(), b.table(), b.hook(), b.rules().isEmpty() ? b.rules()
                            : b.rules().subList(0, b.rules().size() - 1)));
                }
            }
            case 8 -> { // a name taken twice: a chain's name again, or a set under a chain-sized change
                if (!chains.isEmpty()) {
                    Chain c = chains.get(pick.nextInt(chains.size()));
                    chains.add(chains.indexOf(c), new Chain(c.name(), ImmutableList.of()));
                }
            }
            default -> { // the same ruleset again, or an equal copy of one chain
                if (!chains.isEmpty() && pick.nextBoolean()) {
                    int i = pick.nextInt(chains.size());
                    chains.set(i, new Chain(chains.get(i).name(), chains.get(i).rules()));
                }
            }
        }
        return new Ruleset(r.node(), ImmutableList.copyOf(bases), ImmutableList.copyOf(chains),
                ImmutableList.copyOf(sets), r.marks());
    }
}

package io.hostwall.lab;

import com.google.common.collect.ImmutableList;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Edits of a desired state's chains as a live cluster makes them, so that the delta properties exercise in-place
 * edits ({@link DeltaOp.EditRules}) heavily: in some chains of at least {@value #MIN_RULES} rules one rule is deleted,
 * copied to another place or moved. Every rule stays a rule the backend rendered, referring to objects that exist,
 * so the kernel must take the result; the order of rules is not what a compiler would choose, which does not matter
 * to a comparison of kernel states.
 */
final class ChainEdits {
    static final int MIN_RULES = 4;

    private ChainEdits() {}

    /** {@code s} with about half of its long chains edited (at least one when there is one). */
    static DesiredState edit(DesiredState s, Random r) {
        List<DesiredObject> out = new ArrayList<>();
        boolean edited = false;
        List<DesiredObject> objects = new ArrayList<>(s.objects().values());
        for (int i = 0; i < objects.size(); i++) {
            DesiredObject o = objects.get(i);
            boolean lastChance = !edited && objects.subList(i + 1, objects.size()).stream()
                    .noneMatch(x -> x instanceof DesiredObject.Chain c && c.rules().size() >= MIN_RULES);
            if (o instanceof DesiredObject.Chain c && c.rules().size() >= MIN_RULES && (lastChance || r.nextBoolean())) {
                List<String> rules = new ArrayList<>(c.rules());
                int from = r.nextInt(rules.size());
                switch (r.nextInt(3)) {
                    case 0 -> rules.remove(from);
                    case 1 -> rules.add(r.nextInt(rules.size() + 1), rules.get(from));
                    default -> {
                        String moved = rules.remove(from);
                        rules.add(r.nextInt(rules.size() + 1), moved);
                    }
                }
                out.add(new DesiredObject.Chain(c.id(), c.header(), ImmutableList.copyOf(rules), c.uses()));
                edited = true;
            } else {
                out.add(o);
            }
        }
        return DesiredState.of(out);
    }

    /** {@return how many of {@code delta}'s steps are in-place edits} */
    static int edits(Delta delta) {
        return (int) delta.ops().stream().filter(op -> op instanceof DeltaOp.EditRules).count();
    }
}

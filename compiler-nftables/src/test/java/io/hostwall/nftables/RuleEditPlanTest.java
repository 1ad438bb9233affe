package io.hostwall.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.RuleDiff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A plan, carried out as nft would (deletes by handle, appends, inserts at the top), gives the edit's new rules. */
class RuleEditPlanTest {

    @Test
    void plansDoWhatTheEditSays() {
        int planned = 0;
        for (long seed = 0; seed < 3000; seed++) {
            Random r = new Random(seed);
            List<String> before = new ArrayList<>();
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                before.add("r" + i);
            }
            List<String> after = new ArrayList<>(before);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                if (r.nextBoolean() && !after.isEmpty()) {
                    after.remove(r.nextInt(after.size()));
                } else {
                    after.add(r.nextInt(after.size() + 1), "n" + seed + "-" + k);
                }
            }
            Optional<ImmutableList<DeltaOp.RuleHunk>> hunks = RuleDiff.hunks(before, after, after.size() / 2);
            if (hunks.isEmpty() || hunks.get().isEmpty()) {
                continue;
            }
            DeltaOp.EditRules e = new DeltaOp.EditRules(chain(before), chain(after), hunks.get());
            List<Long> handles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                handles.add(r.nextInt(8) == 0 ? NftTransaction.UNKNOWN : 100L + i);
            }
            Optional<RuleEditPlan> plan = RuleEditPlan.of(handles, e);
            if (plan.isEmpty()) {
                continue;
            }
            planned++;
            RuleEditPlan p = plan.get();
            // Carry it out: the kernel's chain as (handle, rule) pairs.
            List<Long> hs = new ArrayList<>(handles);
            Map<Long, String> text = new HashMap<>();
            for (int i = 0; i < n; i++) {
                text.put(hs.get(i), before.get(i));
            }
            List<String> kernel = new ArrayList<>(before);
            assertFalse(p.deleted().isEmpty(), "every plan deletes an old rule by handle (the guard)");
            for (long h : p.deleted()) {
                assertTrue(h >= 0, "only known handles are deleted");
                int i = hs.indexOf(h);
                hs.remove(i);
                kernel.remove(i);
            }
            kernel.addAll(p.appended());
            kernel.addAll(0, p.prepended());
            assertEquals(after, kernel, "seed " + seed);
            assertEquals(after.size(), p.handlesAfter().size());
            assertTrue(p.appended().size() + p.prepended().size() < after.size());
        }
        assertTrue(planned > 1000, planned + " plans");
    }

    private static DesiredObject.Chain chain(List<String> rules) {
        return new DesiredObject.Chain(ObjectId.chain("inet hostwall", "c"), "", ImmutableList.copyOf(rules),
                ImmutableSortedSet.of());
    }
}

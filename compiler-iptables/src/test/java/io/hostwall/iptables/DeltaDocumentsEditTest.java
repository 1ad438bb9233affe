package io.hostwall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In-place edits as rule positions, and the check that the live chain is the one the edit was made for. */
class DeltaDocumentsEditTest {
    private static final String SCOPE = "ip filter";

    private static DesiredObject.Chain chain(String... ports) {
        ImmutableList.Builder<String> rules = ImmutableList.builder();
        for (String p : ports) {
            rules.add("-p tcp -m comment --comment \"port " + p + "\" -m multiport --destination-ports " + p
                    + " -j ACCEPT");
        }
        return new DesiredObject.Chain(ObjectId.chain(SCOPE, "hw-c"), "", rules.build(), ImmutableSortedSet.of());
    }

    /** The chain as iptables-save prints it: in its own normal form. */
    private static SavedTables.Table saved(String... ports) {
        StringBuilder b = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:hw-c - [0:0]\n");
        for (String p : ports) {
            b.append("-A hw-c -p tcp -m comment --comment \"port ").append(p).append("\" -m multiport --dports ")
                    .append(p).append(" -j ACCEPT\n");
        }
        return SavedTables.parse(b.append("COMMIT\n").toString()).table("filter");
    }

    private static List<DeltaOp> edit(DesiredObject.Chain before, DesiredObject.Chain after) {
        Delta d = Delta.between(DesiredState.of(List.of(before)), DesiredState.of(List.of(after)));
        assertTrue(d.ops().get(0) instanceof DeltaOp.EditRules, d.toString());
        return d.ops();
    }

    @Test
    void hunksBecomePositionsLastHunkFirst() {
        List<DeltaOp> ops = edit(chain("1", "2", "3", "4", "5", "6"), chain("1", "9", "3", "4", "5", "6", "7"));
        String doc = DeltaDocuments.tableDocument(TableScope.all().get(0), ops,
                saved("1", "2", "3", "4", "5", "6"), "hostwall:hook", true);
        assertEquals("""
                *filter
                -A hw-c -p tcp -m comment --comment "port 7" -m multiport --destination-ports 7 -j ACCEPT
                -D hw-c 2
                -I hw-c 2 -p tcp -m comment --comment "port 9" -m multiport --destination-ports 9 -j ACCEPT
                COMMIT
                """.replace("*filter", "*" + TableScope.all().get(0).table().iptablesName()), doc);
    }

    @Test
    void aChainThatIsNotTheOneTheEditWasMadeForIsRewritten() {
        List<DeltaOp> ops = edit(chain("1", "2", "3", "4"), chain("1", "2", "3", "4", "5"));
        TableScope t = TableScope.all().get(0);
        assertTrue(DeltaDocuments.holds(saved("1", "2", "3", "4"), chain("1", "2", "3", "4")));
        for (SavedTables.Table drifted : List.of(saved(), saved("1", "2", "x", "3", "4"), saved("1", "2", "4", "3"))) {
            assertTrue(!DeltaDocuments.holds(drifted, chain("1", "2", "3", "4")));
            String doc = DeltaDocuments.tableDocument(t, ops, drifted, "hostwall:hook", true);
            assertTrue(doc.contains("-F hw-c\n") && doc.split("-A hw-c").length == 6, doc);
        }
    }
}

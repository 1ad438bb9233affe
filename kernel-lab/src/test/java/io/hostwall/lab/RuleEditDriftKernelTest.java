package io.hostwall.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.hostwall.dataplane.Dataplane;
import io.hostwall.dataplane.DataplaneException;
import io.hostwall.dataplane.Delta;
import io.hostwall.dataplane.DeltaOp;
import io.hostwall.dataplane.DesiredObject;
import io.hostwall.dataplane.DesiredState;
import io.hostwall.dataplane.ObjectId;
import io.hostwall.dataplane.ObservedState;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A hostwall chain changed by another program between hostwall's write and its next in-place edit
 * ({@link DeltaOp.EditRules}): either the edit still lands right (nft, by handle: a foreign rule stays where it is
 * and hostwall's rules around it are edited as meant; the drift is then found and repaired), or the kernel refuses
 * it and the previous ruleset stays until the next full apply (nft, a chain flushed: a handle the edit names is
 * gone), or the chain is rewritten whole (iptables: the saved chain is not the edit's old chain). Never a wrong
 * ruleset left in force without a failure or a drift to show for it; every case checked with the kernel's listing
 * against a fresh apply.
 */
@AddLifecycleHook(KernelAvailable.class)
class RuleEditDriftKernelTest {

    private static DesiredState state(String scope, Function<String, String> rule, String... ports) {
        return DesiredState.of(List.of(new DesiredObject.Chain(ObjectId.chain(scope, "hw-c"), "",
                Arrays.stream(ports).map(rule).collect(ImmutableList.toImmutableList()), ImmutableSortedSet.of())));
    }

    private static final Function<String, String> NFT = p -> "tcp dport " + p + " accept";
    private static final DesiredState N1 = state("inet hostwall", NFT, "1", "2", "3", "4", "5", "6", "7", "8");
    private static final DesiredState N2 = state("inet hostwall", NFT, "1", "2", "3", "9", "5", "6", "7", "8", "10");
    private static final DesiredState N3 = state("inet hostwall", NFT, "1", "2", "3", "4", "5", "6", "7", "8", "10");

    private static boolean isEdit(Delta d) {
        return d.ops().size() == 1 && d.ops().get(0) instanceof DeltaOp.EditRules;
    }

    @Example
    void nftAForeignRuleInAHostwallChainStaysAndTheEditLandsAroundIt() {
        try (NftScratch a = NftScratch.create("ea"); NftScratch b = NftScratch.create("eb")) {
            Dataplane dp = a.dataplane();
            dp.apply(Delta.replaceAll(N1));
            dp.read(); // learns the handles
            a.nft("insert rule inet hostwall hw-c udp dport 53 drop\n");
            Delta edit = Delta.between(N1, N2);
            assertTrue(isEdit(edit), edit.toString());
            String text = dp.transaction(edit);
            assertTrue(text.contains("delete rule inet hostwall hw-c handle "), text);
            dp.apply(edit);
            b.dataplane().apply(Delta.replaceAll(N2));
            b.nft("insert rule inet hostwall hw-c udp dport 53 drop\n");
            assertEquals(b.normalisedListing(), a.normalisedListing(), "the edit landed around the foreign rule");

            // The foreign rule is drift a read shows (one rule too many) and a repair removes.
            ObservedState seen = dp.read();
            ObjectId c = ObjectId.chain("inet hostwall", "hw-c");
            assertEquals(10, seen.objects().get(c).size());
            dp.apply(Delta.repair(N2, seen, Set.of(c)));
            b.dataplane().apply(Delta.replaceAll(N2));
            assertEquals(b.normalisedListing(), a.normalisedListing(), "repaired");
        }
    }

    @Example
    void nftAnEditOfAChainSomeoneFlushedIsRefusedAndTheNextFullApplyRepairs() {
        try (NftScratch a = NftScratch.create("fa"); NftScratch b = NftScratch.create("fb")) {
            Dataplane dp = a.dataplane();
            for (DesiredState next : List.of(N2, N3)) { // a delete and inserts; an insert at the end only
                dp.apply(Delta.replaceAll(N1));
                dp.read();
                a.nft("flush chain inet hostwall hw-c\n");
                String flushed = a.normalisedListing();
                Delta edit = Delta.between(N1, next);
                assertTrue(isEdit(edit), edit.toString());
                assertThrows(DataplaneException.class, () -> dp.apply(edit), dp.transaction(edit));
                assertEquals(flushed, a.normalisedListing(), "a refused transaction changes nothing");
                // What an agent does after a failed apply: a full replace, which repairs.
                dp.apply(Delta.replaceAll(next));
                b.dataplane().apply(Delta.replaceAll(next));
                assertEquals(b.normalisedListing(), a.normalisedListing());
                // Handles were forgotten with the failure and relearned from this read; edits by handle again.
                dp.read();
                Delta back = Delta.between(next, N1);
                assertTrue(dp.transaction(back).contains(" handle "), dp.transaction(back));
                dp.apply(back);
                b.dataplane().apply(Delta.replaceAll(N1));
                assertEquals(b.normalisedListing(), a.normalisedListing());
            }
        }
    }

    private static final Function<String, String> IPT = p -> "-p tcp -m tcp --dport " + p + " -j ACCEPT";
    private static final DesiredState I1 = state("ip filter", IPT, "1", "2", "3", "4", "5", "6", "7", "8");
    private static final DesiredState I2 = state("ip filter", IPT, "1", "2", "3", "9", "5", "6", "7", "8", "10");

    @Example
    void iptablesAChainThatIsNotTheEditsOldChainIsRewrittenWhole() {
        try (DataplaneNamespaces namespaces = new DataplaneNamespaces()) {
            Namespace a = namespaces.create("rea");
            Namespace b = namespaces.create("reb");
            Dataplane dp = IptablesDataplaneKernelProperties.dataplane(a);
            Dataplane fresh = IptablesDataplaneKernelProperties.dataplane(b);
            dp.apply(Delta.replaceAll(I1));
            // No drift: the edit by position lands.
            assertTrue(isEdit(Delta.between(I1, I2)));
            dp.apply(Delta.between(I1, I2));
            fresh.apply(Delta.replaceAll(I2));
            assertEquals(DataplaneNamespaces.normalised(b), DataplaneNamespaces.normalised(a));
            // A foreign rule in the chain, then the chain flushed: each time the chain is rewritten whole.
            a.ok("iptables", "-I", "hw-c", "3", "-p", "udp", "--dport", "53", "-j", "DROP");
            String drifted = DataplaneNamespaces.normalised(a);
            dp.apply(Delta.between(I2, I1));
            DataplaneNamespaces.reset(b);
            fresh.apply(Delta.replaceAll(I1));
            assertNotEquals(drifted, DataplaneNamespaces.normalised(a));
            assertEquals(DataplaneNamespaces.normalised(b), DataplaneNamespaces.normalised(a));
            a.ok("iptables", "-F", "hw-c");
            dp.apply(Delta.between(I1, I2));
            DataplaneNamespaces.reset(b);
            fresh.apply(Delta.replaceAll(I2));
            assertEquals(DataplaneNamespaces.normalised(b), DataplaneNamespaces.normalised(a));
        }
    }
}

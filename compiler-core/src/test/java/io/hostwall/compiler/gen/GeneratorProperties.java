package io.hostwall.compiler.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.statistics.Statistics;

/** The generators produce what they promise: valid sets (the real loader agrees) covering every feature. */
class GeneratorProperties {

    @Provide
    Arbitrary<PolicySet> sets() {
        return PolicySetArbitraries.policySets();
    }

    @Provide
    Arbitrary<Packet> packets() {
        return PacketArbitraries.packets();
    }

    /** Written as a manifest and loaded, a generated set comes back equal: it is valid and fully defaulted. */
    @Property(tries = 1000)
    void generatedSetsAreWhatTheLoaderWouldProduce(@ForAll("sets") PolicySet set) throws ManifestException {
        Coverage.collect(set);
        String json = ManifestJson.of(set);
        PolicySet loaded = ManifestLoader.loadText("generated.json", json);
        assertEquals(set, loaded, json);
    }

    @Property(tries = 1000)
    void generatedSetsCoverEveryFeature(@ForAll("sets") PolicySet set) {
        for (String f : Coverage.features(set)) {
            Statistics.label("policy features").collect(f);
        }
        Statistics.label("policy features").coverage(c -> {
            for (String f : new String[] {"policy normal", "policy applyOnForward", "policy doNotTrack",
                    "policy preDNAT", "policy without order", "policy order tie", "policy in a custom tier",
                    "policy without rules", "policy governs egress without egress rules", "tier Pass", "tier Deny",
                    "tier without order", "policy rule Allow", "policy rule Deny", "policy rule Log",
                    "policy rule Pass", "rule protocol TCP", "rule protocol UDP", "rule protocol ICMP",
                    "rule protocol ICMPv6", "rule protocol SCTP", "rule protocol 47", "rule notProtocol",
                    "rule ipVersion", "rule icmp", "rule icmp with code", "rule notICMP",
                    "rule notICMP without protocol", "rule nets v4", "rule nets v6", "rule notNets",
                    "rule source selector", "rule destination selector", "rule notSelector",
                    "rule destination ports number", "rule destination ports range", "rule destination ports named",
                    "rule notPorts number", "rule notPorts named", "profile defined", "profile labelsToApply",
                    "profile rule Allow", "endpoint local named", "endpoint local *", "endpoint local by expectedIPs",
                    "endpoint remote named", "endpoint remote *", "endpoint expectedIP v4", "endpoint expectedIP v6",
                    "endpoint named ports", "endpoint projectcalico-default-allow", "endpoint custom profile",
                    "endpoint contested interface", "network set", "felix default", "felix node.node1",
                    "failsafes disabled", "failsafes overridden", "policy namespaceSelector"}) {
                c.check(f).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 1000)
    void packetsCoverEveryPathFamilyProtocolAndInterface(@ForAll("packets") Packet p) {
        for (String f : Coverage.features(p)) {
            Statistics.label("packet features").collect(f);
        }
        Statistics.label("packet features").coverage(c -> {
            for (String f : new String[] {"to host", "from host", "forwarded", "v4", "v6", "protocol 6",
                    "protocol 17", "protocol 132", "protocol 1", "protocol 58", "protocol 47", "new", "established",
                    "dnat", "dnat with port", "in eth0", "in eth1", "in cali1", "in eth9", "out eth0", "out cali1",
                    "out eth9"}) {
                c.check(f).count(n -> n > 0);
            }
        });
    }
}

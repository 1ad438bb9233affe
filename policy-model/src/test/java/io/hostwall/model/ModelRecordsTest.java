package io.hostwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What the records do beyond the validator's rules: canonical values, defaults, nulls, copies, toBuilder. */
class ModelRecordsTest {

    @Test
    void orderMinusZeroIsStoredAsZero() {
        GlobalNetworkPolicy p = GlobalNetworkPolicy.builder("p").order(-0.0).build();
        assertEquals(OptionalDouble.of(0.0), p.order());
        assertEquals(GlobalNetworkPolicy.builder("p").order(0).build(), p);
        assertEquals(0, Double.compare(0.0, p.order().getAsDouble()));
        assertEquals(OptionalDouble.of(0.0), Tier.builder("t").order(-0.0).build().order());
    }

    @Test
    void anOrderThatIsNotFiniteIsRefused() {
        InvalidResourceException e = assertThrows(InvalidResourceException.class,
                () -> GlobalNetworkPolicy.builder("p").order(Double.NaN).build());
        assertEquals("spec.order", e.field());
        assertEquals("order must be a finite number, got NaN", e.problem());
        assertEquals("spec.order: order must be a finite number, got NaN", e.getMessage());
        assertThrows(InvalidResourceException.class,
                () -> Tier.builder("t").order(Double.POSITIVE_INFINITY).build());
    }

    @Test
    void builderDefaultsAreTheManifestDefaults() {
        GlobalNetworkPolicy p = GlobalNetworkPolicy.builder("p").build();
        assertEquals(Tier.DEFAULT, p.tier());
        assertEquals(io.hostwall.selector.Selector.all(), p.selector());
        assertEquals(ImmutableSet.of(Direction.INGRESS), p.types());
        assertEquals(ImmutableSet.of(Direction.EGRESS),
                GlobalNetworkPolicy.builder("p").egress(Rule.of(Action.ALLOW)).build().types());
        assertEquals(ImmutableList.of(Direction.INGRESS, Direction.EGRESS), GlobalNetworkPolicy.builder("p")
                .types(Direction.EGRESS, Direction.INGRESS).build().types().asList());
        assertEquals(TierAction.DENY, Tier.builder("t").build().defaultAction());
        assertEquals(Optional.empty(), FelixConfiguration.builder("default").build().failsafeInboundHostPorts());
        assertEquals(Tier.defaultTier(), new Tier(Tier.DEFAULT, com.google.common.collect.ImmutableSortedMap.of(),
                OptionalDouble.of(Tier.DEFAULT_ORDER), TierAction.DENY));
    }

    @Test
    void crossFieldRulesAreTheValidatorsWithTheirField() {
        InvalidResourceException e = assertThrows(InvalidResourceException.class,
                () -> GlobalNetworkPolicy.builder("p").preDNAT(true).doNotTrack(true).applyOnForward(true).build());
        assertEquals("spec.preDNAT", e.field());
        assertEquals("preDNAT and doNotTrack cannot both be true", e.problem());

        e = assertThrows(InvalidResourceException.class, () -> Rule.allow().protocol(Protocol.ICMP)
                .destination(EntityRule.builder().ports(PortSpec.port(22)).build()).build());
        assertEquals("destination.ports", e.field());

        Rule http = Rule.allow().http(new HttpMatch(ImmutableList.of("GET"), ImmutableList.of())).build();
        e = assertThrows(InvalidResourceException.class, () -> Profile.builder("p").egress(http).build());
        assertEquals("spec.egress[0].http", e.field());
        assertEquals("an http match is not allowed in egress rules", e.problem());

        e = assertThrows(InvalidResourceException.class, () -> GlobalNetworkPolicy.builder("p")
                .ingress(java.util.Collections.nCopies(1025, Rule.of(Action.DENY))).build());
        assertEquals("at most 1024 rules; got 1025", e.problem());

        e = assertThrows(InvalidResourceException.class, () -> GlobalNetworkPolicy.builder("a.b.c").build());
        assertEquals("metadata.name", e.field());
    }

    @Test
    void nullsAreRefusedWithTheFieldName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> GlobalNetworkPolicy.builder("p").tier(null));
        assertEquals("tier", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> new Rule(Action.ALLOW, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), null, EntityRule.ANY, Optional.empty(),
                com.google.common.collect.ImmutableSortedMap.of()));
        assertEquals("source", e.getMessage());
    }

    @Test
    void buildersCopyWhatTheyAreGiven() {
        List<Cidr> nets = new ArrayList<>(List.of(Cidr.parseStrict("10.0.0.0/8").orElseThrow()));
        EntityRule.Builder b = EntityRule.builder().nets(nets);
        nets.add(Cidr.parseStrict("11.0.0.0/8").orElseThrow());
        assertEquals(1, b.build().nets().size());
    }

    @Test
    void toBuilderRebuildsAnEqualRecord() {
        Rule r = Rule.allow().protocol(Protocol.TCP).annotation("why", "ssh")
                .destination(EntityRule.builder().ports(PortSpec.port(22), PortSpec.named("ssh")).build()).build();
        assertEquals(r, r.toBuilder().build());
        assertEquals(r.destination(), r.destination().toBuilder().build());
        GlobalNetworkPolicy p = GlobalNetworkPolicy.builder("p").label("a", "b").order(5).ingress(r)
                .preDNAT(true).applyOnForward(true).build();
        assertEquals(p, p.toBuilder().build());
        HostEndpoint h = HostEndpoint.builder("h").node("n").interfaceName("eth0").build();
        assertEquals(h, h.toBuilder().build());
        Tier t = Tier.builder("t").order(3).defaultAction(TierAction.PASS).build();
        assertEquals(t, t.toBuilder().build());
        Profile prof = Profile.defaultAllow();
        assertEquals(prof, prof.toBuilder().build());
        assertTrue(p.toBuilder().preDNAT(false).build().applyOnForward());
    }
}

package io.hostwall.compiler;

import static io.hostwall.compiler.gen.Models.allow;
import static io.hostwall.compiler.gen.Models.gnp;
import static io.hostwall.compiler.gen.Models.hep;
import static io.hostwall.compiler.gen.Models.pass;
import static io.hostwall.compiler.gen.Models.profile;
import static io.hostwall.compiler.gen.Models.side;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.gen.Packets;
import io.hostwall.compiler.interp.RulesetInterpreter;
import io.hostwall.ir.Chain;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.net.IpFamily;
import io.hostwall.model.InvalidResourceException;
import io.hostwall.model.PolicySet;
import io.hostwall.model.Protocol;
import io.hostwall.model.Resource;
import io.hostwall.model.Rule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Felix's pass mark in profiles (SEMANTICS §5): a profile's Pass rule is "match: set pass mark" then "pass mark set:
 * return", and a policy's Pass in the last tier leaves the mark set. The compiled ruleset must end the profile at
 * its first Pass rule then, in exactly the families Felix writes that rule into — and agree with the oracle.
 */
class ProfilePassMarkTest {
    private static final Packet IN_V4 = Packets.tcp("203.0.113.7", 40000, "10.0.0.10", 80).in("eth0").build();
    private static final Packet IN_V6 = Packets.tcp("2001:db8::7", 40000, "fd00::10", 80).in("eth0").build();

    private static Resource endpoint() {
        return hep("node1-eth0").iface("eth0").ips("10.0.0.10", "fd00::10").profiles("prof").build();
    }

    private static Verdict compiled(Packet p, Resource... resources) throws CompileException {
        Ruleset r = HostwallCompiler.create(CompileOptions.defaults()).compile(set(resources), "node1").ruleset();
        return new RulesetInterpreter(r).run(p).verdict();
    }

    private static Verdict oracle(Packet p, Resource... resources) {
        return PolicyOracle.of(set(resources), "node1", CompileOptions.defaults()).evaluate(p).verdict();
    }

    private static PolicySet set(Resource... resources) {
        return PolicySet.of(Arrays.asList(resources));
    }

    private static void assertBoth(Verdict expected, Packet p, Resource... resources) throws CompileException {
        assertEquals(expected, oracle(p, resources), "oracle");
        assertEquals(expected, compiled(p, resources), "compiled ruleset");
    }

    @Test
    void aPolicysPassEndsTheProfileAtItsFirstPassRuleWhetherOrNotItMatches() throws CompileException {
        Resource prof = profile("prof", List.of(pass().protocol(Protocol.UDP).build(), allow().build()), List.of());
        Resource passer = gnp("p").ingress(pass()).build();
        assertBoth(Verdict.DENY, IN_V4, endpoint(), prof, passer);
        assertBoth(Verdict.DENY, IN_V6, endpoint(), prof, passer);
        assertBoth(Verdict.ALLOW, IN_V4, endpoint(), prof);
        assertBoth(Verdict.ALLOW, IN_V6, endpoint(), prof);
    }

    @Test
    void thePassReturnExistsOnlyInTheFamiliesFelixWritesTheRuleInto() throws CompileException {
        Resource passer = gnp("p").ingress(pass()).build();
        Rule v6Only = pass().ipVersion(IpFamily.V6).protocol(Protocol.UDP).build();
        Resource prof = profile("prof", List.of(v6Only, allow().build()), List.of());
        assertBoth(Verdict.ALLOW, IN_V4, endpoint(), prof, passer);
        assertBoth(Verdict.DENY, IN_V6, endpoint(), prof, passer);

        // notNets 0.0.0.0/0 would be in no chain and end no profile; Calico refuses it, and so does the model.
        InvalidResourceException refused = assertThrows(InvalidResourceException.class,
                () -> pass().source(side().notNets("0.0.0.0/0")).build());
        assertEquals("notNets 0.0.0.0/0 matches every address, so the rule could never match", refused.problem());

        // The return of the v6-only rule carries the family; a rule written into both families' chains has none.
        Ruleset r = HostwallCompiler.create(CompileOptions.defaults()).compile(set(endpoint(), prof, passer), "node1")
                .ruleset();
        List<IrRule> returns = passReturns(r);
        assertEquals(1, returns.size(), r::toString);
        assertTrue(returns.get(0).matches().contains(new Match.Family(IpFamily.V6)), r::toString);
    }

    @Test
    void aSelectorThatResolvesToNothingKeepsThePassReturn() throws CompileException {
        Resource passer = gnp("p").ingress(pass()).build();
        Resource prof = profile("prof", List.of(pass().source(side().selector("role == 'nobody'")).build(),
                allow().build()), List.of());
        assertBoth(Verdict.DENY, IN_V4, endpoint(), prof, passer);
        assertBoth(Verdict.DENY, IN_V6, endpoint(), prof, passer);
        assertBoth(Verdict.ALLOW, IN_V4, endpoint(), prof);
    }

    /** The "pass mark set: return" rules of the profile's ingress chain. */
    private static List<IrRule> passReturns(Ruleset r) {
        return r.chains().stream().filter(c -> c.name().contains("pri-prof")).map(Chain::rules)
                .flatMap(List::stream)
                .filter(x -> x.action() instanceof IrAction.Return
                        && x.matches().stream().anyMatch(m -> m instanceof Match.Mark))
                .toList();
    }
}

package io.hostwall.iptables;

import static io.hostwall.ir.testing.IrFixtures.*;
import static io.hostwall.net.IpFamily.V4;
import static io.hostwall.net.IpFamily.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostwall.ir.Hook;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.net.IpFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Applying with {@link IptablesApplyPlan} on a namespace whose tables another component also writes: its rules,
 * chains and policies survive, hooks are never duplicated, re-applying changes nothing.
 */
class ApplyPlanKernelTest {

    /** Another component's state: rules in built-in chains, an own chain, a policy, in filter, mangle and raw. */
    static void foreignState(IptablesNetns ns) {
        for (String tool : List.of("iptables", "ip6tables")) {
            ns.exec(tool, "-N", "FOREIGN").orFail();
            ns.exec(tool, "-A", "FOREIGN", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT").orFail();
            ns.exec(tool, "-A", "INPUT", "-p", "tcp", "--dport", "9999", "-j", "ACCEPT").orFail();
            ns.exec(tool, "-A", "FORWARD", "-j", "FOREIGN").orFail();
            ns.exec(tool, "-P", "FORWARD", "DROP").orFail();
            ns.exec(tool, "-t", "mangle", "-A", "PREROUTING", "-p", "udp", "-j", "MARK", "--set-mark", "0x1").orFail();
            ns.exec(tool, "-t", "raw", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-j", "CT", "--notrack").orFail();
        }
    }

    /** What the plan tells an operator to run, in order. */
    static void apply(IptablesNetns ns, Ruleset r) {
        IptablesApplyPlan plan = IptablesApplyPlan.of(r, RenderOptions.defaults());
        plan.ipsetDocument().ifPresent(doc -> ns.pipe(doc, "ipset", "restore").orFail());
        for (IpFamily f : IpFamily.values()) {
            String save = f == V4 ? "iptables-save" : "ip6tables-save";
            String restore = f == V4 ? "iptables-restore" : "ip6tables-restore";
            String doc = plan.noflushDocument(f, ns.exec(save).orFail().out());
            ns.pipe(doc, restore, "--noflush", "--test").orFail();
            ns.pipe(doc, restore, "--noflush").orFail();
        }
    }

    static long count(String save, String line) {
        return save.lines().filter(line::equals).count();
    }

    @Test
    void foreignRulesSurviveHooksAreNotDuplicatedAndReapplyChangesNothing() {
        try (IptablesNetns ns = IptablesNetns.create()) {
            foreignState(ns);
            String foreign4 = ns.save("iptables-save");
            apply(ns, Samples.rich());
            String once4 = ns.save("iptables-save");
            String once6 = ns.save("ip6tables-save");
            apply(ns, Samples.rich());
            assertEquals(once4, ns.save("iptables-save"), "iptables-save identical after re-apply");
            assertEquals(once6, ns.save("ip6tables-save"), "ip6tables-save identical after re-apply");

            for (String save : List.of(once4, once6)) {
                assertEquals(1, count(save, "-A INPUT -m comment --comment \"hostwall:hook\" -j hw-filter-input"), save);
                assertEquals(1, count(save, "-A PREROUTING -m comment --comment \"hostwall:hook\" -j hw-raw-prerouting"));
                assertTrue(save.contains("-A FOREIGN -p tcp -m tcp --dport 8080 -j ACCEPT"), save);
                assertTrue(save.contains("-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT"));
                assertTrue(save.contains("-A FORWARD -j FOREIGN"));
                assertTrue(save.contains(":FORWARD DROP"), "a foreign policy survives");
                assertTrue(save.contains("-A PREROUTING -p udp -j MARK --set-xmark 0x1/0xffffffff"));
                assertTrue(save.contains("-A OUTPUT -p udp -m udp --dport 53 -j CT --notrack"));
            }
            // Hooks go on top (insert mode), foreign rules follow.
            List<String> input = once4.lines().filter(l -> l.startsWith("-A INPUT ")).toList();
            assertEquals(List.of("-A INPUT -m comment --comment \"hostwall:hook\" -j hw-filter-input",
                    "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT"), input);
            // Every foreign line is still there.
            for (String line : foreign4.lines().filter(l -> l.startsWith("-A ")).toList()) {
                assertTrue(once4.contains(line + "\n"), line);
            }
        }
    }

    @Test
    void aChangedRulesetReplacesHooksAndDeletesChainsItNoLongerHas() {
        Ruleset v1 = ruleset("n")
                .base("hw-filter-input", TableKind.FILTER, Hook.INPUT, rule(jump("hw-old")))
                .base("hw-filter-forward", TableKind.FILTER, Hook.FORWARD, rule(jump("hw-old")))
                .chain("hw-old", rule(jump("hw-older")), rule(accept(), iif("lo")))
                .chain("hw-older", rule(ret()))
                .build();
        Ruleset v2 = ruleset("n")
                .base("hw-filter-input2", TableKind.FILTER, Hook.INPUT, rule(jump("hw-new")))
                .chain("hw-new", rule(accept(), iif("lo")))
                .build();
        try (IptablesNetns ns = IptablesNetns.create()) {
            foreignState(ns);
            apply(ns, v1);
            apply(ns, v2);
            String save = ns.save("iptables-save");
            assertFalse(save.contains("hw-old") || save.contains("hw-filter-forward") || save.contains("hw-filter-input "),
                    save);
            assertFalse(save.contains(":hw-filter-input - "), save);
            assertEquals(1, count(save, "-A INPUT -m comment --comment \"hostwall:hook\" -j hw-filter-input2"), save);
            assertTrue(save.contains("-A FORWARD -j FOREIGN"));
            String again = ns.save("iptables-save");
            apply(ns, v2);
            assertEquals(again, ns.save("iptables-save"));
        }
    }

    @Test
    void afterAFullLoadThePlanFindsTheSameHooks() {
        try (IptablesNetns ns = IptablesNetns.create()) {
            KernelLoadTest.load(ns, Samples.rich());
            String full = ns.save("iptables-save");
            apply(ns, Samples.rich());
            assertEquals(full, ns.save("iptables-save"), "the plan's hooks are the full documents' hooks");
        }
    }

    @Test
    void ownChainsThenHookReconciliationAsTwoSteps() {
        try (IptablesNetns ns = IptablesNetns.create()) {
            foreignState(ns);
            IptablesApplyPlan plan = IptablesApplyPlan.of(Samples.rich(), RenderOptions.defaults());
            ns.pipe(plan.ipsetDocument().orElseThrow(), "ipset", "restore").orFail();
            for (int round = 0; round < 2; round++) {
                ns.pipe(plan.ownChainsDocument(V6), "ip6tables-restore", "--noflush").orFail();
                ns.pipe(plan.hookReconciliation(V6, ns.exec("ip6tables-save").orFail().out()), "ip6tables-restore",
                        "--noflush").orFail();
            }
            String save = ns.save("ip6tables-save");
            assertEquals(1, count(save, "-A OUTPUT -m comment --comment \"hostwall:hook\" -j hw-filter-output"), save);
            assertTrue(save.contains("-A FORWARD -j FOREIGN"));
        }
    }
}

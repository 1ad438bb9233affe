package io.hostwall.nftables;

import static io.hostwall.ir.testing.IrFixtures.rule;

import com.google.common.collect.ImmutableList;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IpSet;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.Match;
import io.hostwall.ir.Ruleset;
import io.hostwall.ir.Side;
import io.hostwall.ir.TableKind;
import io.hostwall.spi.RenderOptions;
import io.hostwall.ir.testing.IrFixtures;
import io.hostwall.net.IpFamily;
import io.hostwall.net.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures how long the kernel takes to load a large rendered ruleset, in a fresh network namespace (root + nft).
 *
 * <pre>
 * java -cp ... io.hostwall.nftables.LoadTimeMain [policies=5000] [sets=400] [interfaces=100] [portLists=50]
 * </pre>
 *
 * Also loads the same script with every shared port set inlined as an anonymous set, to show what hoisting saves.
 */
public final class LoadTimeMain {
    private LoadTimeMain() {}

    public static void main(String[] args) {
        int policies = arg(args, 0, 5000);
        int sets = arg(args, 1, 400);
        int interfaces = arg(args, 2, 100);
        int portLists = arg(args, 3, 50);
        long t0 = System.nanoTime();
        Ruleset ruleset = generate(policies, sets, interfaces, portLists);
        long t1 = System.nanoTime();
        String script = new NftablesBackend().script(ruleset, RenderOptions.defaults());
        long t2 = System.nanoTime();
        long rules = script.lines().filter(l -> l.startsWith("\t\t") && !l.startsWith("\t\t\t")
                && !l.startsWith("\t\ttype ") && !l.startsWith("\t\tflags ") && !l.startsWith("\t\telements")
                && !l.equals("\t\t}")).count();
        long namedSets = script.lines().filter(l -> l.startsWith("\tset ") || l.startsWith("\tmap ")).count();
        System.out.printf("generated: %d policy chains x 4 rules, %d address sets, %d interfaces, %d port lists%n",
                policies, sets, interfaces, portLists);
        System.out.printf("script: %d bytes, %d rules, %d named sets/maps, 0 anonymous sets; IR build %d ms, render %d ms%n",
                script.length(), rules, namedSets, ms(t1 - t0), ms(t2 - t1));

        String anonymous = inlinePortSets(script);
        try (NftNetns ns = NftNetns.create()) {
            System.out.printf("nft -f (fresh namespace):            %6d ms%n", load(ns, script));
            System.out.printf("nft -f again (replaces the table):   %6d ms%n", load(ns, script));
        }
        try (NftNetns ns = NftNetns.create()) {
            long anon = anonymous.lines().filter(l -> l.startsWith("\t\t") && l.contains("dport {")).count();
            System.out.printf("nft -f with the port lists inlined (%d anonymous sets): %d ms%n", anon, load(ns, anonymous));
        }
    }

    private static long load(NftNetns ns, String script) {
        long t = System.nanoTime();
        ns.load(script).orFail("nft -f");
        return ms(System.nanoTime() - t);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    /** A node with many policies, shaped like the compiler's output (dispatch → endpoint → policy chains). */
    static Ruleset generate(int policies, int setCount, int interfaces, int portLists) {
        IrFixtures.RulesetBuilder b = IrFixtures.ruleset("scale");
        List<String> setNames = new ArrayList<>();
        for (int s = 0; s < setCount; s++) {
            List<String> cidrs = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                cidrs.add("10." + (s % 250) + "." + (k * 16 + s / 250) + ".0/24");
            }
            IpSet set = IrFixtures.netSet(String.format("hw4n-s%05d", s), IpFamily.V4, cidrs.toArray(String[]::new));
            b.set(set);
            setNames.add(set.name());
        }
        int accept = IrFixtures.MARKS.accept();
        for (int p = 0; p < policies; p++) {
            String set = setNames.get(p % setNames.size());
            int list = p % portLists;
            List<PortRange> ports = List.of(PortRange.single(1000 + list), new PortRange(2000 + 10 * list, 2005 + 10 * list),
                    PortRange.single(30000 + list));
            b.chain(String.format("hw-pi-gnp-policy-%05d", p),
                    rule(new IrAction.SetMark(accept, accept), IrFixtures.proto(6),
                            new Match.AddressSet(Side.SOURCE, set, IpFamily.V4, false),
                            new Match.Ports(Side.DESTINATION, 6, ImmutableList.copyOf(ports), false))
                            .withNote("GlobalNetworkPolicy policy-" + p + " ingress rule 0"),
                    rule(new IrAction.SetMark(accept, accept), IrFixtures.proto(17),
                            new Match.Address(Side.DESTINATION, IrFixtures.cidr("10." + (p % 250) + "." + (p / 250) + ".0/24"), false),
                            IrFixtures.dports(17, 53)).withNote("GlobalNetworkPolicy policy-" + p + " ingress rule 1"),
                    rule(new IrAction.Return(), IrFixtures.markSet(accept)),
                    rule(new IrAction.SetMark(accept, accept), new Match.AddressSet(Side.SOURCE, set, IpFamily.V4, true),
                            IrFixtures.icmp(IpFamily.V4, 8, null, false)).withNote("GlobalNetworkPolicy policy-" + p + " ingress rule 2"));
        }
        List<String> pairs = new ArrayList<>();
        int perInterface = Math.max(1, policies / interfaces);
        for (int i = 0; i < interfaces; i++) {
            String chain = "hw-fh-eth" + i;
            List<IrRule> r = new ArrayList<>();
            r.add(rule(new IrAction.SetMark(0, IrFixtures.MARKS.allBits())));
            for (int p = i * perInterface; p < Math.min(policies, (i + 1) * perInterface); p++) {
                r.add(rule(new IrAction.Jump(String.format("hw-pi-gnp-policy-%05d", p)), new Match.Mark(IrFixtures.MARKS.pass(), 0, false)));
                r.add(rule(new IrAction.Return(), IrFixtures.markSet(accept)));
            }
            r.add(rule(new IrAction.Drop()).withNote("default deny"));
            b.chain(chain, r);
            pairs.add("eth" + i);
            pairs.add(chain);
        }
        b.base("hw-filter-input", TableKind.FILTER, Hook.INPUT,
                rule(new IrAction.Accept(), IrFixtures.ct(false, io.hostwall.ir.CtState.ESTABLISHED,
                        io.hostwall.ir.CtState.RELATED)),
                rule(IrFixtures.dispatch(InterfaceDirection.IN, pairs.toArray(String[]::new))));
        return b.build();
    }

    /** The same script with each {@code @ports-...} reference replaced by the set's elements, anonymous. */
    static String inlinePortSets(String script) {
        Matcher decl = Pattern.compile("\tset (ports-[0-9a-f]+) \\{\n\t\ttype inet_service\n\t\tflags interval\n"
                + "\t\telements = \\{ ([^}]*) \\}\n\t\\}\n\n?").matcher(script);
        String out = script;
        while (decl.find()) {
            out = out.replace(decl.group(0), "").replace("@" + decl.group(1), "{ " + decl.group(2) + " }");
        }
        return out;
    }
}

package io.hostwall.compiler.chains;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hostwall.ir.BaseChain;
import io.hostwall.ir.CtState;
import io.hostwall.ir.Hook;
import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;
import io.hostwall.ir.IrRule;
import io.hostwall.ir.MarkBits;
import io.hostwall.ir.Match;
import io.hostwall.ir.RuleOrigin.Builtin;
import io.hostwall.ir.RuleOrigin.Purpose;
import io.hostwall.ir.TableKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hooked chains (FR §3), in packet order. They pass allows between stages with the accept mark: an allow in
 * raw or mangle sets it and the later stages accept on sight; the forward chain sets it at its end so that mangle
 * POSTROUTING can tell forwarded packets from host-originated ones.
 */
public final class BaseChains {
    /** The dispatch chains a node has (each empty when no endpoint needs it). */
    public record Dispatch(Optional<String> rawFrom, Optional<String> rawTo, Optional<String> preDnatFrom,
            Optional<String> from, Optional<String> to, Optional<String> fromForward, Optional<String> toForward,
            Optional<String> mangleTo) {}

    private final Names names;
    private final MarkBits marks;
    private final List<String> workloadPrefixes;

    public BaseChains(Names names, MarkBits marks, List<String> workloadPrefixes) {
        this.names = names;
        this.marks = marks;
        this.workloadPrefixes = workloadPrefixes;
    }

    public ImmutableList<BaseChain> build(Dispatch d) {
        return ImmutableList.of(
                base("raw-prerouting", TableKind.RAW, Hook.PREROUTING, rawPrerouting(d)),
                base("mangle-prerouting", TableKind.MANGLE, Hook.PREROUTING, manglePrerouting(d)),
                base("filter-input", TableKind.FILTER, Hook.INPUT, filterInput(d)),
                base("filter-forward", TableKind.FILTER, Hook.FORWARD, filterForward(d)),
                base("raw-output", TableKind.RAW, Hook.OUTPUT, rawOutput(d)),
                base("filter-output", TableKind.FILTER, Hook.OUTPUT, filterOutput(d)),
                base("mangle-postrouting", TableKind.MANGLE, Hook.POSTROUTING, manglePostrouting(d)));
    }

    private BaseChain base(String name, TableKind table, Hook hook, List<IrRule> rules) {
        return new BaseChain(names.fixed(name), table, hook, ImmutableList.copyOf(rules));
    }

    private List<IrRule> rawPrerouting(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        r.add(clearAll());
        d.rawFrom().ifPresent(c -> {
            r.addAll(skipWorkloads(InterfaceDirection.IN, Purpose.WORKLOAD_SKIP_UNTRACKED));
            r.add(dispatchJump(c));
        });
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_UNTRACKED));
        return r;
    }

    private List<IrRule> rawOutput(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        r.add(clearAll());
        d.rawTo().ifPresent(c -> r.add(dispatchJump(c)));
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_UNTRACKED));
        return r;
    }

    private List<IrRule> manglePrerouting(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        r.add(IrRule.of(Builtin.of(Purpose.CONNTRACK_ACCEPT), new IrAction.Accept(),
                new Match.ConntrackState(ImmutableSet.of(CtState.RELATED, CtState.ESTABLISHED), false)));
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_UNTRACKED));
        d.preDnatFrom().ifPresent(c -> {
            r.add(dispatchJump(c));
            r.add(acceptIfMarked(Purpose.ACCEPTED_BY_PRE_DNAT));
        });
        return r;
    }

    private List<IrRule> filterInput(Dispatch d) {
        List<IrRule> r = new ArrayList<>(skipWorkloads(InterfaceDirection.IN, Purpose.WORKLOAD_SKIP_INPUT));
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_UNTRACKED_OR_PRE_DNAT));
        r.add(clearAll());
        d.from().ifPresent(c -> {
            r.add(dispatchJump(c));
            r.add(acceptIfMarked(Purpose.ACCEPTED_BY_HOST_ENDPOINT));
        });
        return r;
    }

    private List<IrRule> filterForward(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        // Keep the accept bit: it carries an untracked or pre-DNAT allow into this stage.
        r.add(IrRule.of(Builtin.of(Purpose.MARK_RESET), new IrAction.SetMark(0, marks.pass() | marks.scratch0() | marks.scratch1())));
        d.fromForward().ifPresent(c -> r.add(IrRule.of(Builtin.of(Purpose.DISPATCH_JUMP), new IrAction.Jump(c),
                new Match.Mark(marks.accept(), 0, false))));
        d.toForward().ifPresent(c -> r.add(dispatchJump(c)));
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_FORWARD));
        r.add(IrRule.of(Builtin.of(Purpose.MARK_FORWARDED), new IrAction.SetMark(marks.accept(), marks.accept())));
        return r;
    }

    private List<IrRule> filterOutput(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        r.add(acceptIfMarked(Purpose.ACCEPTED_BY_UNTRACKED));
        r.addAll(skipWorkloads(InterfaceDirection.OUT, Purpose.WORKLOAD_SKIP_OUTPUT));
        r.add(clearAll());
        d.to().ifPresent(c -> {
            // DNAT'd host traffic is policed in mangle POSTROUTING, where the output interface is final (FR §3.3).
            r.add(IrRule.of(Builtin.of(Purpose.DISPATCH_JUMP), new IrAction.Jump(c), new Match.ConntrackDnat(false)));
            r.add(acceptIfMarked(Purpose.ACCEPTED_BY_HOST_ENDPOINT));
        });
        return r;
    }

    private List<IrRule> manglePostrouting(Dispatch d) {
        List<IrRule> r = new ArrayList<>();
        r.add(IrRule.of(Builtin.of(Purpose.SKIP_ACCEPTED), new IrAction.Return(), acceptSet()));
        r.add(clearAll());
        d.mangleTo().ifPresent(c -> {
            r.add(IrRule.of(Builtin.of(Purpose.DISPATCH_JUMP), new IrAction.Jump(c), new Match.ConntrackDnat(true)));
            r.add(IrRule.of(Builtin.of(Purpose.ACCEPTED_BY_HOST_ENDPOINT), new IrAction.Return(), acceptSet()));
        });
        return r;
    }

    private List<IrRule> skipWorkloads(InterfaceDirection dir, Purpose why) {
        List<IrRule> r = new ArrayList<>();
        for (String p : workloadPrefixes) {
            r.add(IrRule.of(Builtin.of(why), new IrAction.Return(), new Match.Interface(dir, p, true, false)));
        }
        return r;
    }

    private static IrRule dispatchJump(String chain) {
        return IrRule.of(Builtin.of(Purpose.DISPATCH_JUMP), new IrAction.Jump(chain));
    }

    private IrRule clearAll() {
        return IrRule.of(Builtin.of(Purpose.MARK_RESET), new IrAction.SetMark(0, marks.allBits()));
    }

    private IrRule acceptIfMarked(Purpose why) {
        return IrRule.of(Builtin.of(why), new IrAction.Accept(), acceptSet());
    }

    private Match acceptSet() {
        return new Match.Mark(marks.accept(), marks.accept(), false);
    }
}

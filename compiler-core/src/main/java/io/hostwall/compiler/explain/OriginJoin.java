package io.hostwall.compiler.explain;

import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.interp.InterpretedPacket;
import io.hostwall.compiler.eval.TracedRule;
import io.hostwall.compiler.oracle.Reason;
import io.hostwall.compiler.eval.RuleRef;
import io.hostwall.compiler.oracle.Stage;
import io.hostwall.compiler.oracle.StageResult;
import io.hostwall.ir.Hook;
import io.hostwall.ir.RuleOrigin;
import io.hostwall.ir.RuleOrigin.Builtin;
import io.hostwall.ir.RuleOrigin.Purpose;
import io.hostwall.ir.TableKind;
import io.hostwall.model.Direction;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Joins the oracle's story to the ruleset's: for a stage's {@link Reason}, the IR rule the interpreter matched that
 * carries it out, found by the rule's typed {@link RuleOrigin} (never by its comment text) among the rules met in
 * the stage's base chains.
 */
final class OriginJoin {
    private OriginJoin() {}

    /** Where each stage runs: the base chains (table and hook) whose rules implement it. */
    private record Place(TableKind table, Hook hook) {}

    private static ImmutableList<Place> places(Stage stage) {
        return switch (stage) {
            case UNTRACKED_INGRESS -> ImmutableList.of(new Place(TableKind.RAW, Hook.PREROUTING));
            case UNTRACKED_EGRESS -> ImmutableList.of(new Place(TableKind.RAW, Hook.OUTPUT));
            case PRE_DNAT_INGRESS -> ImmutableList.of(new Place(TableKind.MANGLE, Hook.PREROUTING));
            case NORMAL_INGRESS -> ImmutableList.of(new Place(TableKind.FILTER, Hook.INPUT));
            // DNAT'd host traffic is policed in mangle POSTROUTING, the rest in filter OUTPUT.
            case NORMAL_EGRESS -> ImmutableList.of(new Place(TableKind.FILTER, Hook.OUTPUT),
                    new Place(TableKind.MANGLE, Hook.POSTROUTING));
            case FORWARD_INGRESS, FORWARD_EGRESS -> ImmutableList.of(new Place(TableKind.FILTER, Hook.FORWARD));
        };
    }

    /** The first matched IR rule, in the stage's base chains, whose origin is the stage's reason; empty if none. */
    static Optional<TracedRule> irRule(StageResult stage, InterpretedPacket run) {
        Optional<Predicate<RuleOrigin>> wanted = origin(stage);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        ImmutableList<Place> places = places(stage.stage());
        return run.matched().stream()
                .filter(t -> places.contains(new Place(t.table(), t.hook())))
                .filter(t -> wanted.get().test(t.rule().origin()))
                .findFirst();
    }

    /** Which origin carries out the stage's reason; empty for reasons no single IR rule stands for. */
    private static Optional<Predicate<RuleOrigin>> origin(StageResult stage) {
        Reason reason = stage.reason();
        if (reason instanceof Reason.RuleMatch m) {
            return Optional.of(o -> o instanceof RuleOrigin.PolicyRule p && sameRule(p, m.rule()));
        } else if (reason instanceof Reason.FailsafeMatch f) {
            return Optional.of(o -> o instanceof RuleOrigin.Failsafe s && sameEntry(s, f));
        } else if (reason instanceof Reason.TierDefaultDeny t) {
            return Optional.of(builtin(Purpose.TIER_END, Optional.of(t.tier())));
        } else if (reason instanceof Reason.FinalDrop) {
            return Optional.of(builtin(Purpose.FINAL_DROP, stage.hostEndpoint()));
        } else if (reason instanceof Reason.ForwardDefaultAllow) {
            return Optional.of(builtin(Purpose.FORWARD_DEFAULT_ALLOW, Optional.empty()));
        } else if (reason instanceof Reason.Invalid) {
            return Optional.of(builtin(Purpose.CONNTRACK_INVALID, Optional.empty()));
        } else if (reason instanceof Reason.Established) {
            return Optional.of(builtin(Purpose.CONNTRACK_ACCEPT, Optional.empty()));
        }
        return Optional.empty();
    }

    private static Predicate<RuleOrigin> builtin(Purpose purpose, Optional<String> subject) {
        return o -> o.equals(new Builtin(purpose, subject));
    }

    private static boolean sameRule(RuleOrigin.PolicyRule p, RuleRef r) {
        RuleOrigin.Owner owner = r.owner() == RuleRef.Owner.POLICY ? RuleOrigin.Owner.POLICY : RuleOrigin.Owner.PROFILE;
        RuleOrigin.Direction direction = r.direction() == Direction.INGRESS
                ? RuleOrigin.Direction.INGRESS : RuleOrigin.Direction.EGRESS;
        return p.owner() == owner && p.name().equals(r.name()) && p.tier().equals(r.tier())
                && p.direction() == direction && p.ruleIndex() == r.index();
    }

    private static boolean sameEntry(RuleOrigin.Failsafe s, Reason.FailsafeMatch f) {
        RuleOrigin.FailsafeList list = f.list() == Reason.FailsafeList.INBOUND
                ? RuleOrigin.FailsafeList.INBOUND : RuleOrigin.FailsafeList.OUTBOUND;
        return s.list() == list && s.reply() == f.reply() && s.port() == f.entry().port()
                && s.protocol().equals(f.entry().protocol().calicoName().toLowerCase(Locale.ROOT))
                && s.net().equals(f.entry().net());
    }
}

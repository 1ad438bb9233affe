package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import com.google.common.collect.ImmutableList;
import io.hostwall.compiler.CompileOptions;
import io.hostwall.compiler.NodeFacts;
import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.PolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference oracle: a packet's verdict on one node, computed straight from the model as
 * {@code compiler-core/SEMANTICS.md} describes it, without the IR. It is the second, independent implementation
 * the differential properties compare the compiler against, so it reads the model and nothing of the compiler.
 *
 * <p>Domain: a policy set the compiler accepts for this node. What the compiler reports as a compile error (a policy
 * in an undefined tier, an undefined profile, a rule field a host endpoint cannot enforce — each only where it
 * concerns one of the node's bound host endpoints) makes {@link #of} throw {@link OracleInputException}. Everything
 * per node is worked out once here; {@link #evaluate} only walks precomputed lists. Instances are immutable and
 * thread-safe.
 */
public final class PolicyOracle {
    private final String node;
    private final NodePlan plan;

    /**
     * Works out everything per node once, for a node without host facts (only endpoints with an
     * {@code interfaceName} bind).
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the compile options
     * @throws OracleInputException when the set holds something the compiler rejects for this node
     */
    public PolicyOracle(PolicySet set, String node, CompileOptions options) {
        this(set, node, options, NodeFacts.none());
    }

    /**
     * Works out everything per node once.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the compile options
     * @param facts the node's interfaces and addresses, which bind endpoints that only have {@code expectedIPs}
     * @throws OracleInputException when the set holds something the compiler rejects for this node
     */
    public PolicyOracle(PolicySet set, String node, CompileOptions options, NodeFacts facts) {
        this.node = node;
        this.plan = new NodePlanner(set, node, options, facts).plan();
    }

    /**
     * Same as the constructor.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the compile options
     * @return the oracle
     * @throws OracleInputException when the set holds something the compiler rejects for this node
     */
    public static PolicyOracle of(PolicySet set, String node, CompileOptions options) {
        return new PolicyOracle(set, node, options);
    }

    /**
     * Same as the constructor.
     *
     * @param set the cluster
     * @param node the node's name
     * @param options the compile options
     * @param facts the node's interfaces and addresses
     * @return the oracle
     * @throws OracleInputException when the set holds something the compiler rejects for this node
     */
    public static PolicyOracle of(PolicySet set, String node, CompileOptions options, NodeFacts facts) {
        return new PolicyOracle(set, node, options, facts);
    }

    /**
     * With {@link CompileOptions#defaults()} and no host facts.
     *
     * @param set the cluster
     * @param node the node's name
     * @return the oracle
     * @throws OracleInputException when the set holds something the compiler rejects for this node
     */
    public static PolicyOracle of(PolicySet set, String node) {
        return new PolicyOracle(set, node, CompileOptions.defaults());
    }

    public String node() {
        return node;
    }

    /** The failsafe lists in force on this node (after options, FelixConfiguration and Felix's defaults). */
    public ImmutableList<FailsafePort> inboundFailsafes() {
        return plan.failsafes().inbound();
    }

    public ImmutableList<FailsafePort> outboundFailsafes() {
        return plan.failsafes().outbound();
    }

    /** The names of the host endpoints that police this node's interfaces (bound by name or by IP, and {@code *}). */
    public ImmutableList<String> activeHostEndpoints() {
        List<String> names = new ArrayList<>();
        plan.byInterface().values().forEach(h -> names.add(h.name()));
        plan.allInterfaces().ifPresent(h -> names.add(h.name()));
        return names.stream().distinct().sorted().collect(ImmutableList.toImmutableList());
    }

    public Verdict verdict(Packet packet) {
        return evaluate(packet).verdict();
    }

    /** Every stage the packet meets, in packet order (SEMANTICS §6), and the verdict (§8). */
    public Decision evaluate(Packet packet) {
        Journey j = new Journey(plan, new PacketFacts(packet));
        if (packet.isToHost()) {
            j.toHost(packet.inInterface().orElseThrow());
        } else if (packet.isFromHost()) {
            j.fromHost(packet.outInterface().orElseThrow());
        } else {
            j.forwarded(packet.inInterface().orElseThrow(), packet.outInterface().orElseThrow());
        }
        return new Decision(packet, j.denied ? Verdict.DENY : Verdict.ALLOW, ImmutableList.copyOf(j.results));
    }

    /** One packet's way through the stages; mutable, lives for one {@link #evaluate} call. */
    private static final class Journey {
        private final NodePlan plan;
        private final PacketFacts p;
        private final List<StageResult> results = new ArrayList<>();
        /** The stage whose allow set the accept mark (untracked or pre-DNAT). */
        private Optional<Stage> acceptedBy = Optional.empty();
        /** An untracked allow exempted the packet from conntrack: neither new nor established, and never NATed. */
        private boolean untracked;
        private boolean denied;

        Journey(NodePlan plan, PacketFacts p) {
            this.plan = plan;
            this.p = p;
        }

        void toHost(String in) {
            boolean go = untrackedStage(Stage.UNTRACKED_INGRESS, in) && preDnatStage(in);
            if (!go) {
                return;
            }
            if (plan.isWorkload(in)) {
                // SEMANTICS §1: workload → host is workload policy's business, not normal HEP policy's.
                notPoliced(Stage.NORMAL_INGRESS, in, new Reason.WorkloadInterface(in));
            } else {
                normalStage(Stage.NORMAL_INGRESS, in);
            }
        }

        void fromHost(String out) {
            if (plan.isWorkload(out)) {
                // SEMANTICS §1 / FR §3.3: host → local workload is never policed by host endpoint egress policy.
                notPoliced(Stage.NORMAL_EGRESS, out, new Reason.WorkloadInterface(out));
                return;
            }
            if (untrackedStage(Stage.UNTRACKED_EGRESS, out)) {
                normalStage(Stage.NORMAL_EGRESS, out);
            }
        }

        void forwarded(String in, String out) {
            if (untrackedStage(Stage.UNTRACKED_INGRESS, in) && preDnatStage(in)
                    && forwardStage(Stage.FORWARD_INGRESS, in)) {
                forwardStage(Stage.FORWARD_EGRESS, out);
            }
        }

        /** Raw: only a named endpoint with doNotTrack policy; never {@code *}. Returns false when denied. */
        private boolean untrackedStage(Stage stage, String iface) {
            if (plan.isWorkload(iface)) {
                // Raw PREROUTING skips packets from workloads (FR §3.7); a workload interface has no named endpoint.
                return notPoliced(stage, iface, new Reason.WorkloadInterface(iface));
            }
            Optional<HepPlan> hep = plan.named(iface).filter(HepPlan::untracked);
            if (hep.isEmpty()) {
                return notPoliced(stage, iface, new Reason.NoHostEndpoint(
                        "no host endpoint with doNotTrack policy on " + iface));
            }
            Optional<Reason> failsafe = stage == Stage.UNTRACKED_INGRESS
                    ? plan.failsafes().ingress(p, false, true)
                    : plan.failsafes().egress(p, false, true);
            if (failsafe.isPresent()) {
                // Accepted in raw only: no notrack, no accept mark; later stages judge it again.
                return record(stage, iface, hep.get(), Effect.ALLOW, failsafe.get());
            }
            return policies(stage, iface, hep.get(), false, false);
        }

        /**
         * Mangle PREROUTING: endpoints with preDNAT policy; {@code *} only when it has preDNAT policy itself. No
         * workload skip (SEMANTICS §1): a workload interface has no named endpoint, so only {@code *} can police it.
         */
        private boolean preDnatStage(String iface) {
            Stage stage = Stage.PRE_DNAT_INGRESS;
            if (acceptedBy.isPresent()) {
                return skipped(stage, iface);
            }
            Optional<HepPlan> hep = plan.named(iface).filter(HepPlan::preDnat)
                    .or(() -> plan.allInterfaces().filter(HepPlan::preDnat));
            if (hep.isEmpty()) {
                return notPoliced(stage, iface, new Reason.NoHostEndpoint(
                        "no host endpoint with preDNAT policy on " + iface));
            }
            Optional<Boolean> tracked = conntrack(stage, iface, hep.get());
            if (tracked.isPresent()) {
                return tracked.get();
            }
            Optional<Reason> failsafe = plan.failsafes().ingress(p, false, false);
            if (failsafe.isPresent()) {
                return record(stage, iface, hep.get(), Effect.ALLOW, failsafe.get());
            }
            return policies(stage, iface, hep.get(), false, false);
        }

        /** Filter INPUT/OUTPUT (or mangle POSTROUTING for DNAT'd host egress): the named endpoint, else {@code *}. */
        private void normalStage(Stage stage, String iface) {
            if (acceptedBy.isPresent()) {
                skipped(stage, iface);
                return;
            }
            Optional<HepPlan> hep = plan.namedOrAll(iface);
            if (hep.isEmpty()) {
                notPoliced(stage, iface, new Reason.NoHostEndpoint("no host endpoint for " + iface));
                return;
            }
            if (conntrack(stage, iface, hep.get()).isPresent()) {
                return;
            }
            Optional<Reason> failsafe = stage == Stage.NORMAL_INGRESS
                    ? plan.failsafes().ingress(p, natted(), false)
                    : plan.failsafes().egress(p, natted(), false);
            if (failsafe.isPresent()) {
                record(stage, iface, hep.get(), Effect.ALLOW, failsafe.get());
                return;
            }
            policies(stage, iface, hep.get(), true, true);
        }

        /**
         * Filter FORWARD. Ingress is skipped after an untracked/pre-DNAT allow; egress always runs (FR §3.4). No
         * failsafes; allow by default when no forward policy selects the endpoint.
         */
        private boolean forwardStage(Stage stage, String iface) {
            if (stage == Stage.FORWARD_INGRESS && acceptedBy.isPresent()) {
                return skipped(stage, iface);
            }
            Optional<HepPlan> hep = plan.namedOrAll(iface);
            if (hep.isEmpty()) {
                return notPoliced(stage, iface, new Reason.NoHostEndpoint("no host endpoint for " + iface));
            }
            Optional<Boolean> tracked = conntrack(stage, iface, hep.get());
            if (tracked.isPresent()) {
                return tracked.get();
            }
            if (!hep.get().forward()) {
                return record(stage, iface, hep.get(), Effect.ALLOW, new Reason.ForwardDefaultAllow());
            }
            return policies(stage, iface, hep.get(), true, false);
        }

        /** The tiers (and, in the normal stage, profiles and the final drop) of one stage. */
        private boolean policies(Stage stage, String iface, HepPlan hep, boolean realDefaults, boolean profiles) {
            List<RuleRef> logged = new ArrayList<>();
            List<RuleRef> passed = new ArrayList<>();
            List<RuleRef> passMarkReturns = new ArrayList<>();
            boolean afterDnat = stage.kind() == Stage.Kind.NORMAL || stage.kind() == Stage.Kind.FORWARD
                    ? natted() : false;
            Walk.Outcome outcome = Walk.tiers(hep.tiers(stage), realDefaults, p, afterDnat, logged, passed);
            if (outcome.kind() == Walk.Outcome.Kind.NONE && profiles) {
                outcome = Walk.profiles(hep.profiles(stage.direction()), outcome.passMarkSet(), p,
                        afterDnat, logged, passed, passMarkReturns);
                if (outcome.kind() == Walk.Outcome.Kind.NONE) {
                    outcome = new Walk.Outcome(Walk.Outcome.Kind.DENY, new Reason.FinalDrop());
                }
            }
            Effect effect = switch (outcome.kind()) {
                case DENY -> Effect.DENY;
                case NONE -> Effect.NO_VERDICT;
                case ALLOW -> stage.kind() == Stage.Kind.UNTRACKED || stage.kind() == Stage.Kind.PRE_DNAT
                        ? Effect.HAND_OVER : Effect.ALLOW;
            };
            if (effect == Effect.HAND_OVER) {
                acceptedBy = Optional.of(stage);
                untracked |= stage.kind() == Stage.Kind.UNTRACKED;
            }
            return record(stage, iface, hep, effect, outcome.reason(), logged, passed, passMarkReturns);
        }

        /**
         * The conntrack block every tracked stage of a host endpoint starts with: established packets are allowed,
         * INVALID ones dropped, both before failsafes and policy. Empty when neither applies; else whether the
         * packet goes on.
         */
        private Optional<Boolean> conntrack(Stage stage, String iface, HepPlan hep) {
            if (established()) {
                return Optional.of(record(stage, iface, hep, Effect.ALLOW, new Reason.Established()));
            }
            if (invalid()) {
                return Optional.of(record(stage, iface, hep, Effect.DENY, new Reason.Invalid()));
            }
            return Optional.empty();
        }

        /** Conntrack accepts known flows in every tracked stage; an untracked packet is not established. */
        private boolean established() {
            return !untracked && p.packet.state() == Packet.ConnState.ESTABLISHED;
        }

        /** Conntrack drops what it calls INVALID in every tracked stage; an untracked packet is not tracked at all. */
        private boolean invalid() {
            return !untracked && p.packet.state() == Packet.ConnState.INVALID;
        }

        /** Whether DNAT has rewritten the destination by the filter stage: NAT needs a (valid) conntrack entry. */
        private boolean natted() {
            return !untracked && !invalid() && p.packet.dnat().isPresent();
        }

        /** A stage the endpoint decided (or passed on) without meeting a Log or Pass rule. */
        private boolean record(Stage stage, String iface, HepPlan hep, Effect effect, Reason reason) {
            return record(stage, iface, hep, effect, reason, List.of(), List.of(), List.of());
        }

        private boolean record(Stage stage, String iface, HepPlan hep, Effect effect, Reason reason,
                List<RuleRef> logged, List<RuleRef> passed, List<RuleRef> passMarkReturns) {
            results.add(new StageResult(stage, iface, Optional.of(hep.name()), effect, reason,
                    ImmutableList.copyOf(logged), ImmutableList.copyOf(passed), ImmutableList.copyOf(passMarkReturns)));
            denied = effect == Effect.DENY;
            return !denied;
        }

        private boolean notPoliced(Stage stage, String iface, Reason reason) {
            results.add(new StageResult(stage, iface, Optional.empty(), Effect.NOT_POLICED, reason,
                    ImmutableList.of(), ImmutableList.of()));
            return true;
        }

        private boolean skipped(Stage stage, String iface) {
            results.add(new StageResult(stage, iface, Optional.empty(), Effect.SKIPPED,
                    new Reason.AcceptedEarlier(acceptedBy.orElseThrow()), ImmutableList.of(), ImmutableList.of()));
            return true;
        }
    }
}

package io.hostwall.lab;

import io.hostwall.compiler.eval.Packet;
import io.hostwall.compiler.eval.Verdict;
import io.hostwall.compiler.oracle.Decision;
import io.hostwall.compiler.oracle.PolicyOracle;
import io.hostwall.compiler.oracle.Effect;
import io.hostwall.compiler.oracle.Reason;
import io.hostwall.compiler.oracle.Stage;
import java.util.Optional;

/**
 * What the oracle says a probe must see. A probe is a round trip, so it gets through only when the request and
 * the answer both do; the oracle judges packets, so this class asks it about both, with the conntrack state each
 * one really has in the kernel:
 *
 * <ul>
 *   <li>tracked request: the answer is ESTABLISHED (untracked policy still sees it; tracked stages accept it). If
 *       untracked policy exempts a TCP answer from conntrack, the entry never sees the SYN-ACK and the client's
 *       following ACK is INVALID to conntrack, dropped by the first tracked host-endpoint stage it meets, unless
 *       untracked policy exempts it too (the asymmetric-doNotTrack pitfall Calico's docs warn about);
 *   <li>request exempted from conntrack by an untracked allow (doNotTrack): the answer is not ESTABLISHED. It gets
 *       through if untracked policy allows it too; otherwise conntrack sees a UDP answer as a NEW flow (the oracle
 *       judges it as such) and a TCP SYN-ACK or ICMP echo reply as INVALID, which every tracked stage of a host
 *       endpoint drops (SEMANTICS §7.1) — the oracle has no INVALID state, so this step is derived here.
 * </ul>
 *
 * One case is outside what the lab can realise faithfully and is skipped (and counted): a NodePort request that
 * untracked policy exempts from conntrack is never DNAT'd by kube-proxy (NAT needs conntrack), so the packet the
 * oracle would be asked about (with DNAT) does not exist.
 */
record OracleExpectation(Kind kind, String why, Decision request, Optional<Decision> reply) {

    static final String COMMON_PASS = "request and established answer allowed";
    static final String COMMON_BLOCK = "request denied";

    enum Kind {
        /** Request and answer get through: OPEN / REPLY from the right server. */
        PASS,
        /** The request or its answer is dropped: nothing comes back. */
        BLOCK,
        /** TCP handshake completes but the client's ACK is dropped: the server never accepts (HALF_OPEN). */
        HALF_OPEN,
        /** Not realisable in the lab (see the class comment). */
        SKIP
    }

    static OracleExpectation of(PolicyOracle oracle, Flow f) {
        Decision req = oracle.evaluate(f.request());
        if (req.verdict() == Verdict.DENY) {
            return new OracleExpectation(Kind.BLOCK, COMMON_BLOCK, req, Optional.empty());
        }
        if (!untrackedAllow(req)) {
            Decision rep = oracle.evaluate(f.reply());
            if (rep.verdict() == Verdict.DENY) {
                return new OracleExpectation(Kind.BLOCK, "established answer denied", req, Optional.of(rep));
            }
            if (f.tcp() && untrackedAllow(rep)) {
                // The SYN made a conntrack entry, the SYN-ACK bypassed it: the client's ACK is INVALID to conntrack
                // (an ACK for a connection still in SYN_SENT) unless untracked policy exempts it as well.
                Decision followUp = oracle.evaluate(withState(f.request(), Packet.ConnState.ESTABLISHED));
                if (untrackedAllow(followUp)) {
                    return new OracleExpectation(Kind.PASS, "tracked request; answer and follow-ups untracked", req,
                            Optional.of(rep));
                }
                return metTrackedEndpointStage(req)
                        ? new OracleExpectation(Kind.HALF_OPEN, "tracked request, untracked answer: the TCP follow-up "
                                + "is INVALID to conntrack and a tracked host-endpoint stage drops INVALID", req,
                                Optional.of(rep))
                        : new OracleExpectation(Kind.PASS, "tracked request, untracked answer: the INVALID TCP "
                                + "follow-up meets no host-endpoint stage", req, Optional.of(rep));
            }
            return new OracleExpectation(Kind.PASS, COMMON_PASS, req, Optional.of(rep));
        }
        if (f.path() == Flow.Path.NODEPORT) {
            return new OracleExpectation(Kind.SKIP, "untracked NodePort request is never DNAT'd", req, Optional.empty());
        }
        Packet asNew = withState(f.reply(), Packet.ConnState.NEW);
        Decision rep = oracle.evaluate(asNew);
        if (untrackedAllow(rep)) {
            return new OracleExpectation(Kind.PASS, "request and answer both allowed by untracked policy", req,
                    Optional.of(rep));
        }
        if (rep.verdict() == Verdict.DENY) {
            return new OracleExpectation(Kind.BLOCK, "answer to an untracked request denied", req, Optional.of(rep));
        }
        if (f.udp()) {
            return new OracleExpectation(Kind.PASS, "untracked request; the UDP answer is a new flow and allowed", req,
                    Optional.of(rep));
        }
        return metTrackedEndpointStage(rep)
                ? new OracleExpectation(Kind.BLOCK, "untracked request; the answer is INVALID to conntrack and a "
                        + "tracked host-endpoint stage drops INVALID", req, Optional.of(rep))
                : new OracleExpectation(Kind.PASS, "untracked request; the INVALID answer meets no host-endpoint "
                        + "stage", req, Optional.of(rep));
    }

    /** Allowed by an untracked policy rule, i.e. NOTRACK'd (a raw failsafe accepts without NOTRACK). */
    /**
     * Did the packet meet a tracked stage of a host endpoint (pre-DNAT, normal or forward, not skipped)? Each of
     * those drops what conntrack calls INVALID before any policy (SEMANTICS §7.1).
     */
    private static boolean metTrackedEndpointStage(Decision d) {
        return d.stages().stream().anyMatch(s -> s.stage().kind() != Stage.Kind.UNTRACKED
                && s.hostEndpoint().isPresent() && s.effect() != Effect.NOT_POLICED && s.effect() != Effect.SKIPPED);
    }

    /** Anything but the two common round trips (request denied; request and established answer allowed). */
    boolean rare() {
        return !why.equals(COMMON_PASS) && !why.equals(COMMON_BLOCK);
    }

    private static boolean untrackedAllow(Decision d) {
        return d.stages().stream().anyMatch(s -> s.stage().kind() == Stage.Kind.UNTRACKED
                && (s.effect() == Effect.ALLOW || s.effect() == Effect.HAND_OVER)
                && s.reason() instanceof Reason.RuleMatch);
    }

    private static Packet withState(Packet p, Packet.ConnState state) {
        return new Packet(p.family(), p.source(), p.destination(), p.protocol(), p.sourcePort(), p.destinationPort(),
                p.icmpType(), p.icmpCode(), p.inInterface(), p.outInterface(), p.dnat(), state);
    }

    /** Does the kernel's outcome agree? Passing needs the right answerer; anything but pass/timeout disagrees. */
    boolean agrees(Outcome o, String answerer) {
        return switch (kind) {
            case PASS -> o.passed() && (o.who().isEmpty() || o.who().get().equals(answerer));
            case BLOCK -> o.blocked();
            case HALF_OPEN -> o.kind() == Outcome.Kind.HALF_OPEN;
            case SKIP -> true;
        };
    }

    String explain() {
        StringBuilder b = new StringBuilder("oracle: ").append(kind).append(" (").append(why).append(")\n");
        b.append("    request trace:\n").append(indent(request.text()));
        reply.ifPresent(r -> b.append("    answer trace:\n").append(indent(r.text())));
        return b.toString();
    }

    private static String indent(String s) {
        return s.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
    }
}

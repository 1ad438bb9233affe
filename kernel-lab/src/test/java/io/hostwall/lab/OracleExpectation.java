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
 *       following ACK is INVALID to conntrack: the oracle judges it as such (dropped by the first tracked
 *       host-endpoint stage it meets, unless untracked policy exempts it too — the asymmetric-doNotTrack pitfall
 *       Calico's docs warn about);
 *   <li>request exempted from conntrack by an untracked allow (doNotTrack): the answer is not ESTABLISHED.
 *       Conntrack sees a UDP answer as a NEW flow and a TCP SYN-ACK or ICMP echo reply as INVALID; the oracle
 *       judges it in that state (SEMANTICS §6).
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
        if (f.path() == Flow.Path.NODEPORT && untrackedAllow(req)) {
            // Whatever the oracle says of the DNAT'd packet, the kernel never builds it (see the class comment).
            return new OracleExpectation(Kind.SKIP, "untracked NodePort request is never DNAT'd", req, Optional.empty());
        }
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
                Decision followUp = oracle.evaluate(withState(f.request(), Packet.ConnState.INVALID));
                if (followUp.verdict() == Verdict.DENY) {
                    return new OracleExpectation(Kind.HALF_OPEN, "tracked request, untracked answer: the INVALID TCP "
                            + "follow-up is denied", req, Optional.of(followUp));
                }
                return new OracleExpectation(Kind.PASS, untrackedAllow(followUp)
                        ? "tracked request; answer and follow-ups untracked"
                        : "tracked request, untracked answer: the INVALID TCP follow-up meets no host-endpoint stage",
                        req, Optional.of(rep));
            }
            return new OracleExpectation(Kind.PASS, COMMON_PASS, req, Optional.of(rep));
        }
        // Conntrack has no entry: a UDP answer starts a NEW flow, a SYN-ACK or echo reply is INVALID.
        Decision rep = oracle.evaluate(withState(f.reply(), f.udp() ? Packet.ConnState.NEW : Packet.ConnState.INVALID));
        if (untrackedAllow(rep)) {
            return new OracleExpectation(Kind.PASS, "request and answer both allowed by untracked policy", req,
                    Optional.of(rep));
        }
        if (rep.verdict() == Verdict.DENY) {
            return new OracleExpectation(Kind.BLOCK, f.udp() ? "answer to an untracked request denied"
                    : "untracked request; the INVALID answer is denied", req, Optional.of(rep));
        }
        return new OracleExpectation(Kind.PASS, f.udp() ? "untracked request; the UDP answer is a new flow and allowed"
                : "untracked request; the INVALID answer meets no host-endpoint stage", req, Optional.of(rep));
    }

    /** Anything but the two common round trips (request denied; request and established answer allowed). */
    boolean rare() {
        return !why.equals(COMMON_PASS) && !why.equals(COMMON_BLOCK);
    }

    /** Allowed by an untracked policy rule, i.e. NOTRACK'd (a raw failsafe accepts without NOTRACK). */
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

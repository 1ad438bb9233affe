package io.hostwall.lab;

import java.util.Optional;

/**
 * What one probe saw. With the lab's servers listening and hostwall's default DROP, a probe either got through
 * ({@link Kind#OPEN} / {@link Kind#REPLY}, naming who answered) or was dropped ({@link #blocked()}); the other
 * kinds mean the packet reached something that said no (a closed port, a REJECT) or that the lab is broken, and
 * no scenario expects them unless it says so.
 */
public record Outcome(Kind kind, Optional<String> who, String raw) {

    public enum Kind {
        /** TCP: handshake done and the server's greeting read. */
        OPEN,
        /** UDP/ICMP: an answer came back. */
        REPLY,
        /** TCP RST or ICMP port unreachable: the packet got through to a closed port. */
        REFUSED,
        /** Another ICMP error (host/network unreachable, admin prohibited). */
        UNREACHABLE,
        /** Nothing came back within the timeout: the firewall dropped the packet or its reply. */
        TIMEOUT,
        /**
         * The sender's own firewall dropped the packet in OUTPUT; Linux tells a local sender so (EPERM) instead of
         * letting it time out. As blocked as a timeout.
         */
        DROPPED_AT_SENDER,
        /** TCP handshake done, greeting never arrived: part of the flow was dropped. */
        HALF_OPEN,
        /** The agent could not run the probe at all (lab bug). */
        ERROR
    }

    static Outcome parse(String answer) {
        String[] w = answer.split(" ", 2);
        String rest = w.length > 1 ? w[1] : "";
        return switch (w[0]) {
            case "open" -> new Outcome(Kind.OPEN, Optional.of(rest), answer);
            case "reply" -> new Outcome(Kind.REPLY, rest.equals("-") ? Optional.empty() : Optional.of(rest), answer);
            case "refused" -> new Outcome(Kind.REFUSED, Optional.empty(), answer);
            case "unreachable" -> new Outcome(Kind.UNREACHABLE, Optional.empty(), answer);
            case "timeout" -> new Outcome(Kind.TIMEOUT, Optional.empty(), answer);
            case "halfopen" -> new Outcome(Kind.HALF_OPEN, Optional.empty(), answer);
            case "eperm" -> new Outcome(Kind.DROPPED_AT_SENDER, Optional.empty(), answer);
            default -> new Outcome(Kind.ERROR, Optional.empty(), answer);
        };
    }

    /** Got through and was answered by the server (or ICMP echo responder). */
    public boolean passed() {
        return kind == Kind.OPEN || kind == Kind.REPLY;
    }

    /** Dropped somewhere on the way there or back (silently, or in the sender's own OUTPUT). */
    public boolean blocked() {
        return kind == Kind.TIMEOUT || kind == Kind.DROPPED_AT_SENDER;
    }

    @Override
    public String toString() {
        return raw;
    }
}

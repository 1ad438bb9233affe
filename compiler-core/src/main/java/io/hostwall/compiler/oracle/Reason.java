package io.hostwall.compiler.oracle;

import io.hostwall.compiler.eval.RuleRef;
import io.hostwall.model.FailsafePort;

/** Why a stage ended as it did. Each variant belongs to one {@link Effect} family; see {@link StageResult}. */
public sealed interface Reason {

    /** One line for humans. */
    String describe();

    /** Conntrack knows the flow: every tracked stage accepts established packets before any policy. */
    record Established() implements Reason {
        @Override
        public String describe() {
            return "conntrack: established";
        }
    }

    /** Conntrack classifies the packet INVALID: every tracked stage of a host endpoint drops it before policy. */
    record Invalid() implements Reason {
        @Override
        public String describe() {
            return "conntrack: invalid";
        }
    }

    /**
     * A failsafe entry matched. {@code list} is the list the entry came from; {@code reply} is true for the raw
     * stage's reply copies (matched by source port).
     */
    record FailsafeMatch(FailsafeList list, FailsafePort entry, boolean reply) implements Reason {
        @Override
        public String describe() {
            return "failsafe " + list + " " + entry.protocol() + ":" + entry.port()
                    + entry.net().map(n -> " net " + n).orElse("") + (reply ? " (reply, by source port)" : "");
        }
    }

    /** A policy or profile rule with action Allow or Deny matched. */
    record RuleMatch(RuleRef rule) implements Reason {
        @Override
        public String describe() {
            return rule.toString();
        }
    }

    /** No policy of the tier decided and the tier's default action is Deny. */
    record TierDefaultDeny(String tier) implements Reason {
        @Override
        public String describe() {
            return "end of tier " + tier + ": default action Deny";
        }
    }

    /** Normal stage: neither policies nor profiles decided. */
    record FinalDrop() implements Reason {
        @Override
        public String describe() {
            return "no policy or profile allowed it: final drop";
        }
    }

    /** Forward stage of a host endpoint that no forward (applyOnForward) policy selects. */
    record ForwardDefaultAllow() implements Reason {
        @Override
        public String describe() {
            return "no applyOnForward policy selects the host endpoint: forwarded traffic is allowed by default";
        }
    }

    /** No host endpoint polices this interface in this stage. */
    record NoHostEndpoint(String why) implements Reason {
        @Override
        public String describe() {
            return why;
        }
    }

    /** The interface is a workload interface, which host-endpoint policy does not police here. */
    record WorkloadInterface(String interfaceName) implements Reason {
        @Override
        public String describe() {
            return interfaceName + " is a workload interface: not policed by host endpoint policy";
        }
    }

    /** An earlier stage allowed the packet and set the accept mark. */
    record AcceptedEarlier(Stage by) implements Reason {
        @Override
        public String describe() {
            return "accepted earlier by " + by + " policy (accept mark)";
        }
    }

    /** The stage ran to its end without a verdict. */
    record NoVerdict() implements Reason {
        @Override
        public String describe() {
            return "no rule decided";
        }
    }

    /** The two failsafe lists of FelixConfiguration. */
    enum FailsafeList {
        INBOUND("inbound"),
        OUTBOUND("outbound");

        private final String label;

        FailsafeList(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}

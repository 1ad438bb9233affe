package io.hostwall.ir;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.hostwall.net.Cidr;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an {@link IrRule} exists: the policy or profile rule it implements, a failsafe entry, a part of the
 * ruleset's own machinery (conntrack, dispatch, tier ends, default drops), or, for IR built by hand, a note.
 * Backends print {@link #comments()} beside the rule; tools (explain, the IR interpreter's trace) read the typed
 * fields. The compiler never builds a {@link Note}.
 */
public sealed interface RuleOrigin {

    /**
     * The comments a backend prints with the rule, in order. This is the only rendering of an origin into
     * text, so every backend says the same thing about a rule.
     *
     * @return the comments; empty for rules that need none (mark resets, conntrack, dispatch jumps)
     */
    ImmutableList<String> comments();

    /** The kind of resource that holds a rule. */
    enum Owner {
        /** A GlobalNetworkPolicy. */
        POLICY("policy"),
        /** A Profile. */
        PROFILE("profile");

        private final String label;

        Owner(String label) {
            this.label = label;
        }

        /**
         * The word comments use for this kind.
         *
         * @return {@code policy} or {@code profile}
         */
        public String label() {
            return label;
        }
    }

    /** The direction of a policy or profile rule list. */
    enum Direction {
        /** {@code spec.ingress}. */
        INGRESS,
        /** {@code spec.egress}. */
        EGRESS;

        /** Computed once: every policy rule's comment prints it. */
        private final String label = name().toLowerCase(Locale.ROOT);

        /**
         * The manifest's word.
         *
         * @return {@code ingress} or {@code egress}
         */
        public String label() {
            return label;
        }
    }

    /**
     * Rule {@code ruleIndex} (0-based, as in {@code spec.ingress[0]}) of a policy or profile's {@code direction}
     * list. Every IR rule compiled from that rule has this origin. Comments: {@code policy NAME ingress[I]}, then
     * one {@code KEY=VALUE} per annotation.
     *
     * @param owner whether a policy or a profile holds the rule
     * @param name the policy's or profile's name
     * @param tier the policy's tier; empty for profiles
     * @param direction which rule list
     * @param ruleIndex the rule's index in that list
     * @param annotations the rule's {@code metadata.annotations}
     */
    record PolicyRule(Owner owner, String name, Optional<String> tier, Direction direction, int ruleIndex,
            ImmutableSortedMap<String, String> annotations) implements RuleOrigin {

        /**
         * Checks that only policies have a tier and that the index is not negative.
         *
         * @param owner whether a policy or a profile holds the rule
         * @param name the policy's or profile's name
         * @param tier the policy's tier; empty for profiles
         * @param direction which rule list
         * @param ruleIndex the rule's index in that list
         * @param annotations the rule's {@code metadata.annotations}
         */
        public PolicyRule {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(annotations, "annotations");
            if (tier.isPresent() != (owner == Owner.POLICY)) {
                throw new IllegalArgumentException("a policy rule has a tier, a profile rule none: " + owner + " " + tier);
            }
            if (ruleIndex < 0) {
                throw new IllegalArgumentException("negative rule index " + ruleIndex);
            }
        }

        @Override
        public ImmutableList<String> comments() {
            String first = owner.label() + " " + name + " " + direction.label() + "[" + ruleIndex + "]";
            if (annotations.isEmpty()) {
                return ImmutableList.of(first);
            }
            ImmutableList.Builder<String> b = ImmutableList.builderWithExpectedSize(1 + annotations.size());
            b.add(first);
            for (Map.Entry<String, String> a : annotations.entrySet()) {
                b.add(a.getKey() + "=" + a.getValue());
            }
            return b.build();
        }
    }

    /** The two failsafe lists of FelixConfiguration. */
    enum FailsafeList {
        /** {@code failsafeInboundHostPorts}. */
        INBOUND,
        /** {@code failsafeOutboundHostPorts}. */
        OUTBOUND;

        /**
         * The word comments use.
         *
         * @return {@code inbound} or {@code outbound}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A failsafe entry's accept rule. {@code reply} marks the raw copies that accept the reply direction of the
     * other list's connections (by source port). Comment: {@code failsafe inbound tcp:22}, {@code failsafe reply to
     * outbound udp:53 10.0.0.0/8}.
     *
     * @param list the list the entry comes from
     * @param reply true for the reply copy
     * @param protocol the entry's protocol as the configuration names it, lower case ({@code tcp})
     * @param port the entry's port
     * @param net the entry's net, when it has one
     */
    record Failsafe(FailsafeList list, boolean reply, String protocol, int port, Optional<Cidr> net)
            implements RuleOrigin {

        /**
         * Checks the port.
         *
         * @param list the list the entry comes from
         * @param reply true for the reply copy
         * @param protocol the entry's protocol as the configuration names it, lower case ({@code tcp})
         * @param port the entry's port
         * @param net the entry's net, when it has one
         */
        public Failsafe {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(net, "net");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public ImmutableList<String> comments() {
            return ImmutableList.of("failsafe " + (reply ? "reply to " : "") + list.label() + " " + protocol + ":" + port
                    + net.map(n -> " " + n).orElse(""));
        }
    }

    /** What a {@link Builtin} subject names. */
    enum Subject {
        /** No subject. */
        NONE,
        /** A tier's name. */
        TIER,
        /** A policy's name. */
        POLICY,
        /** A profile's name. */
        PROFILE,
        /** A host endpoint's name. */
        HOST_ENDPOINT
    }

    /**
     * The built-in parts of the ruleset, each with the comment it carries ({@code %s}: the subject) or none.
     * Names say what the rule is for; the same purpose may appear in several chains.
     */
    enum Purpose {
        /** Clears the marks a stage uses on entry. */
        MARK_RESET(Subject.NONE, null),
        /** Accepts packets of established and related connections. */
        CONNTRACK_ACCEPT(Subject.NONE, null),
        /** Denies packets conntrack classifies invalid. */
        CONNTRACK_INVALID(Subject.NONE, null),
        /** Jumps from a base chain into a dispatch chain. */
        DISPATCH_JUMP(Subject.NONE, null),
        /** The interface → endpoint chain lookup. */
        DISPATCH(Subject.NONE, null),
        /** Goes to the all-interfaces ({@code *}) endpoint's chain. */
        DISPATCH_FALLBACK(Subject.NONE, "all-interfaces host endpoint"),
        /** Keeps workload interfaces from the all-interfaces endpoint. */
        WORKLOAD_SKIP_DISPATCH(Subject.NONE, "workload interfaces are not host endpoints"),
        /** Keeps traffic from workloads from untracked host policy (raw PREROUTING). */
        WORKLOAD_SKIP_UNTRACKED(Subject.NONE, "traffic from workloads meets workload policy, not untracked host policy"),
        /** Keeps traffic from workloads to the host from host endpoint policy (filter INPUT). */
        WORKLOAD_SKIP_INPUT(Subject.NONE,
                "traffic from workloads to the host meets workload policy, not host endpoint policy"),
        /** Keeps host to local workload traffic from host endpoint egress policy (filter OUTPUT). */
        WORKLOAD_SKIP_OUTPUT(Subject.NONE, "host to local workload is never policed by host endpoint egress"),
        /** Accepts what untracked policy allowed (accept mark). */
        ACCEPTED_BY_UNTRACKED(Subject.NONE, "allowed by untracked policy"),
        /** Accepts what pre-DNAT policy allowed (accept mark). */
        ACCEPTED_BY_PRE_DNAT(Subject.NONE, "allowed by pre-DNAT policy"),
        /** Accepts what untracked or pre-DNAT policy allowed (accept mark, filter INPUT). */
        ACCEPTED_BY_UNTRACKED_OR_PRE_DNAT(Subject.NONE, "allowed by untracked or pre-DNAT policy"),
        /** Accepts (or, in mangle POSTROUTING, returns) what the endpoint's policy allowed. */
        ACCEPTED_BY_HOST_ENDPOINT(Subject.NONE, "host endpoint policy accepted packet"),
        /** Accepts what forward policy allowed. */
        ACCEPTED_BY_FORWARD(Subject.NONE, "forward policy accepted packet"),
        /** Sets the accept mark on forwarded traffic so that mangle POSTROUTING skips it. */
        MARK_FORWARDED(Subject.NONE, "mark forwarded traffic so that mangle POSTROUTING skips it"),
        /** Skips forwarded or already accepted traffic in mangle POSTROUTING. */
        SKIP_ACCEPTED(Subject.NONE, "forwarded, or already accepted"),
        /** Jumps to the failsafe chain. */
        FAILSAFE_JUMP(Subject.NONE, "failsafe ports"),
        /** Allows forwarded traffic of an endpoint no applyOnForward policy selects. */
        FORWARD_DEFAULT_ALLOW(Subject.NONE, "no applyOnForward policy: forwarded traffic is allowed by default"),
        /** Returns after {@link #FORWARD_DEFAULT_ALLOW}. */
        FORWARD_DEFAULT_RETURN(Subject.NONE, null),
        /** Clears the pass mark at the start of a tier. */
        TIER_START(Subject.TIER, "start of tier %s"),
        /** Jumps to a policy's chain. */
        POLICY_JUMP(Subject.POLICY, "policy %s"),
        /** Exempts what untracked policy accepted from conntrack. */
        UNTRACKED_NOTRACK(Subject.NONE, "untracked policy accepted"),
        /** Returns when a policy accepted. */
        POLICY_ACCEPTED_RETURN(Subject.NONE, "return if policy accepted"),
        /**
         * Jumps to a group of a tier's policy jumps (a long tier is laid out as a tree of groups so that adding or
         * removing one policy rewrites one small chain); the subject is the policy the group starts with.
         */
        POLICY_GROUP_JUMP(Subject.POLICY, "policies from %s on"),
        /** Returns when a policy of the group just run accepted. */
        POLICY_GROUP_ACCEPTED_RETURN(Subject.NONE, "return if a policy of the group accepted"),
        /** Denies at the end of a tier whose default action is Deny, unless a policy passed the packet. */
        TIER_END(Subject.TIER, "end of tier %s: drop if no policy passed the packet"),
        /** Jumps to a profile's chain. */
        PROFILE_JUMP(Subject.PROFILE, "profile %s"),
        /** Returns when a profile accepted. */
        PROFILE_ACCEPTED_RETURN(Subject.NONE, "return if profile accepted"),
        /** Denies what no policy or profile of a host endpoint allowed. */
        FINAL_DROP(Subject.HOST_ENDPOINT, "HostEndpoint %s: drop if no policy or profile allowed");

        private final Subject subject;
        private final Optional<String> comment;
        /** The comments of a rule without subject, or the parts of the comment around {@code %s}: made once. */
        private final ImmutableList<String> fixed;
        private final String head;
        private final String tail;

        Purpose(Subject subject, String comment) {
            this.subject = subject;
            this.comment = Optional.ofNullable(comment);
            this.fixed = comment == null ? ImmutableList.of() : ImmutableList.of(comment);
            int at = comment == null ? -1 : comment.indexOf("%s");
            boolean once = at >= 0 && comment.indexOf("%s", at + 2) < 0;
            this.head = once ? comment.substring(0, at) : null;
            this.tail = once ? comment.substring(at + 2) : null;
        }

        /** The comments of a rule with this purpose about {@code subject}. */
        ImmutableList<String> comments(Optional<String> about) {
            if (comment.isEmpty() || about.isEmpty()) {
                return fixed;
            }
            return ImmutableList.of(head != null ? head + about.get() + tail : comment.get().replace("%s", about.get()));
        }

        /**
         * What the subject of a rule with this purpose names.
         *
         * @return {@link Subject#NONE} when the purpose takes none
         */
        public Subject subject() {
            return subject;
        }
    }

    /**
     * A rule of the ruleset's own machinery.
     *
     * @param purpose what the rule is for
     * @param subject the tier, policy, profile or host endpoint it is about, present exactly when
     *     {@code purpose.subject()} is not {@link Subject#NONE}
     */
    record Builtin(Purpose purpose, Optional<String> subject) implements RuleOrigin {

        /**
         * Checks that the subject is there exactly when the purpose takes one.
         *
         * @param purpose what the rule is for
         * @param subject the tier, policy, profile or host endpoint it is about, present exactly when
         *         {@code purpose.subject()} is not {@link Subject#NONE}
         */
        public Builtin {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(subject, "subject");
            if (subject.isPresent() != (purpose.subject() != Subject.NONE)) {
                throw new IllegalArgumentException(purpose + " takes subject " + purpose.subject() + ", got " + subject);
            }
        }

        /**
         * A built-in rule without a subject.
         *
         * @param purpose what the rule is for; its subject must be {@link Subject#NONE}
         * @return the origin
         */
        public static Builtin of(Purpose purpose) {
            return new Builtin(purpose, Optional.empty());
        }

        /**
         * A built-in rule about {@code subject}.
         *
         * @param purpose what the rule is for
         * @param subject the tier, policy, profile or host endpoint name the purpose takes
         * @return the origin
         */
        public static Builtin of(Purpose purpose, String subject) {
            return new Builtin(purpose, Optional.of(subject));
        }

        @Override
        public ImmutableList<String> comments() {
            return purpose.comments(subject);
        }
    }

    /**
     * A rule built outside the compiler (by hand, by a test, by another tool), described by free text. Backends
     * escape and truncate the text as they do every comment.
     *
     * @param text the comments, in order
     */
    record Note(ImmutableList<String> text) implements RuleOrigin {

        /**
         * Checks for null.
         *
         * @param text the comments, in order
         */
        public Note {
            Objects.requireNonNull(text, "text");
        }

        /**
         * No origin worth a comment.
         *
         * @return a note without text
         */
        public static Note none() {
            return new Note(ImmutableList.of());
        }

        @Override
        public ImmutableList<String> comments() {
            return text;
        }
    }
}

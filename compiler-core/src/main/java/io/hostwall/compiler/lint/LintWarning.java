package io.hostwall.compiler.lint;

import io.hostwall.model.Problem;

/** One lint finding: a stable code (for filtering and tests) and the located problem. */
public record LintWarning(Code code, Problem problem) {

    /** The pitfalls lint knows. */
    public enum Code {
        /** A rule selector resolves to no address: host endpoints need expectedIPs for selectors to see them. */
        SELECTOR_RESOLVES_TO_NOTHING,
        /** Pre-DNAT policy has no default drop; without a trailing Deny everything else passes. */
        PRE_DNAT_WITHOUT_DENY,
        /** doNotTrack policy on an all-interfaces endpoint is ignored. */
        UNTRACKED_ON_ALL_INTERFACES,
        /** An endpoint with no policy and no profile denies all host traffic except failsafes. */
        ENDPOINT_WITHOUT_POLICY,
        /** Untracked policy is stateless: rules in one direction only leave replies unallowed. */
        UNTRACKED_ONE_DIRECTION,
        /** A policy whose selector matches no host endpoint on any node. */
        POLICY_SELECTS_NOTHING,
        /**
         * A profile's Pass rule with other rules after it: once a Pass has set the pass mark, it ends the profile
         * whether or not it matches (Felix's rendering, SEMANTICS §5).
         */
        PASS_IN_PROFILE,
        /**
         * An endpoint with IPv6 addresses whose policy drops ICMPv6 neighbour solicitations or advertisements:
         * IPv6 through its interface stops once neighbour entries expire (Felix has no built-in allow for them).
         */
        IPV6_NEIGHBOR_DISCOVERY_BLOCKED,
        /** Something the compiler had to warn about while binding endpoints or failsafes. */
        COMPILE_WARNING
    }

    @Override
    public String toString() {
        return problem + " [" + code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "]";
    }
}

package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Iterables;
import io.hostwall.model.FailsafePort;
import io.hostwall.model.Names;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * How to compile: the same for every node of a cluster. What differs per node (its interfaces and addresses) is
 * {@link NodeFacts}, passed with each compile. Build with {@link #builder()} or start from {@link #defaults()}:
 *
 * <pre>{@code
 * CompileOptions options = CompileOptions.builder().denyAction(DenyAction.REJECT).chainPrefix("fw").build();
 * }</pre>
 *
 * @param inboundFailsafes override of the inbound failsafe list; empty = take it from the FelixConfiguration
 *     ({@code node.<node>}, else {@code default}) or Felix's defaults
 * @param outboundFailsafes likewise for outbound
 * @param markMask the packet-mark bits hostwall may use (Felix's default {@code 0xffff0000})
 * @param chainPrefix prefix of every chain and set name (default {@code hw})
 * @param workloadInterfacePrefixes interfaces that belong to workloads, not the host (default {@code cali})
 * @param denyAction how the filter stage denies
 * @param logPrefix prefix of Log rules' kernel log lines
 * @param policyGroupThreshold a tier with more policies than this in one endpoint chain is laid out as groups of
 *     policy jumps (see {@link Builder#policyGroupThreshold(int)}); default {@value #DEFAULT_POLICY_GROUP_THRESHOLD}
 */
public record CompileOptions(
        Optional<ImmutableList<FailsafePort>> inboundFailsafes,
        Optional<ImmutableList<FailsafePort>> outboundFailsafes,
        int markMask,
        String chainPrefix,
        ImmutableList<String> workloadInterfacePrefixes,
        DenyAction denyAction,
        String logPrefix,
        int policyGroupThreshold) {

    /** Felix's default mark mask. */
    public static final int DEFAULT_MARK_MASK = 0xffff0000;

    /** The default {@link #policyGroupThreshold()}. */
    public static final int DEFAULT_POLICY_GROUP_THRESHOLD = 32;

    /**
     * Checks every option.
     *
     * @throws IllegalArgumentException when the chain prefix, a workload prefix, the log prefix or the mark mask
     *     is not usable, or a failsafe port is neither TCP nor UDP
     *
     * @param inboundFailsafes override of the inbound failsafe list; empty = take it from the FelixConfiguration
     *         ({@code node.<node>}, else {@code default}) or Felix's defaults
     * @param outboundFailsafes likewise for outbound
     * @param markMask the packet-mark bits hostwall may use (Felix's default {@code 0xffff0000})
     * @param chainPrefix prefix of every chain and set name (default {@code hw})
     * @param workloadInterfacePrefixes interfaces that belong to workloads, not the host (default {@code cali})
     * @param denyAction how the filter stage denies
     * @param logPrefix prefix of Log rules' kernel log lines
     * @param policyGroupThreshold a tier with more policies than this in one endpoint chain is laid out as groups
     *     of policy jumps; at least 1
     */
    public CompileOptions {
        Objects.requireNonNull(inboundFailsafes);
        Objects.requireNonNull(outboundFailsafes);
        Objects.requireNonNull(workloadInterfacePrefixes);
        Objects.requireNonNull(denyAction);
        if (!chainPrefix.matches("[a-z][a-z0-9]{0,5}")) {
            throw new IllegalArgumentException(
                    "chain prefix must be 1-6 lower-case letters/digits starting with a letter: " + Names.quote(chainPrefix));
        }
        for (String p : workloadInterfacePrefixes) {
            // The same rule as an interface name's, one shorter: the kernel matches the prefix with anything after it.
            if (!io.hostwall.net.InterfaceName.isValidPrefix(p)) {
                throw new IllegalArgumentException("workload interface prefix must match [A-Za-z0-9_.-]{1,14}: " + Names.quote(p));
            }
        }
        if (!logPrefix.matches("[A-Za-z0-9%: /_-]{0,27}")) {
            throw new IllegalArgumentException(
                    "log prefix must be at most 27 characters of [A-Za-z0-9%: /_-]: " + Names.quote(logPrefix));
        }
        for (FailsafePort p : Iterables.concat(inboundFailsafes.orElse(ImmutableList.of()),
                outboundFailsafes.orElse(ImmutableList.of()))) {
            // As Felix: its failsafe parameters accept only tcp and udp (HostwallCompiler.failsafeChecks).
            if (!p.felixAcceptsProtocol()) {
                throw new IllegalArgumentException("failsafe ports must be TCP or UDP: " + p);
            }
        }
        if (policyGroupThreshold < 1) {
            throw new IllegalArgumentException("policy group threshold must be at least 1: " + policyGroupThreshold);
        }
        if (Integer.bitCount(markMask) < 5) {
            throw new IllegalArgumentException(String.format("mark mask 0x%08x needs at least 5 bits", markMask));
        }
    }

    /**
     * Felix's defaults: failsafes from the manifests (else Felix's lists), mark mask {@code 0xffff0000}, chain
     * prefix {@code hw}, workload prefix {@code cali}, deny by drop, log prefix {@code calico-packet}.
     *
     * @return the default options
     */
    public static CompileOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inboundFailsafes = inboundFailsafes;
        b.outboundFailsafes = outboundFailsafes;
        b.markMask = markMask;
        b.chainPrefix = chainPrefix;
        b.workloadInterfacePrefixes = workloadInterfacePrefixes;
        b.denyAction = denyAction;
        b.logPrefix = logPrefix;
        b.policyGroupThreshold = policyGroupThreshold;
        return b;
    }

    /** Collects options; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {
        private Optional<ImmutableList<FailsafePort>> inboundFailsafes = Optional.empty();
        private Optional<ImmutableList<FailsafePort>> outboundFailsafes = Optional.empty();
        private int markMask = DEFAULT_MARK_MASK;
        private String chainPrefix = "hw";
        private ImmutableList<String> workloadInterfacePrefixes = ImmutableList.of("cali");
        private DenyAction denyAction = DenyAction.DROP;
        private String logPrefix = "calico-packet";
        private int policyGroupThreshold = DEFAULT_POLICY_GROUP_THRESHOLD;

        private Builder() {}

        /**
         * Replaces both failsafe lists, whatever the manifests' FelixConfiguration says.
         *
         * @param inbound the inbound failsafe ports
         * @param outbound the outbound failsafe ports
         * @return this builder
         */
        public Builder failsafes(Collection<FailsafePort> inbound, Collection<FailsafePort> outbound) {
            return inboundFailsafes(inbound).outboundFailsafes(outbound);
        }

        /**
         * Replaces the inbound failsafe list.
         *
         * @param ports the inbound failsafe ports
         * @return this builder
         */
        public Builder inboundFailsafes(Collection<FailsafePort> ports) {
            inboundFailsafes = Optional.of(ImmutableList.copyOf(ports));
            return this;
        }

        /**
         * Replaces the outbound failsafe list.
         *
         * @param ports the outbound failsafe ports
         * @return this builder
         */
        public Builder outboundFailsafes(Collection<FailsafePort> ports) {
            outboundFailsafes = Optional.of(ImmutableList.copyOf(ports));
            return this;
        }

        /**
         * Sets the packet-mark bits hostwall may use.
         *
         * @param mask at least 5 bits
         * @return this builder
         */
        public Builder markMask(int mask) {
            markMask = mask;
            return this;
        }

        /**
         * Sets the prefix of chain and set names.
         *
         * @param prefix 1-6 lower-case letters and digits, starting with a letter
         * @return this builder
         */
        public Builder chainPrefix(String prefix) {
            chainPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets the prefixes of workload interfaces, which host endpoint policy never polices.
         *
         * @param prefixes each 1-14 characters of {@code [A-Za-z0-9_.-]}
         * @return this builder
         */
        public Builder workloadInterfacePrefixes(Collection<String> prefixes) {
            workloadInterfacePrefixes = ImmutableList.copyOf(prefixes);
            return this;
        }

        /**
         * Sets how the filter stage denies.
         *
         * @param action drop or reject
         * @return this builder
         */
        public Builder denyAction(DenyAction action) {
            denyAction = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Sets the prefix of Log rules' kernel log lines.
         *
         * @param prefix at most 27 characters of {@code [A-Za-z0-9%: /_-]}
         * @return this builder
         */
        public Builder logPrefix(String prefix) {
            logPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets how many policies one tier may have in an endpoint chain before they are laid out as groups. Above
         * it, the tier's policy jumps go into small group chains, and the endpoint chain jumps to the groups (two
         * levels: about 8 policies per group, about 8 groups per outer group). A group starts at a policy whose
         * name hashes to a boundary, so adding or removing one policy changes one group and, now and then, its
         * outer group: a live update rewrites a few kilobytes instead of the whole endpoint chain. Verdicts are
         * the same either way. {@link Integer#MAX_VALUE} keeps every endpoint chain flat, as Felix lays it out.
         *
         * @param threshold at least 1
         * @return this builder
         */
        public Builder policyGroupThreshold(int threshold) {
            policyGroupThreshold = threshold;
            return this;
        }

        /**
         * Checks and returns the options.
         *
         * @return the options
         * @throws IllegalArgumentException when an option is not usable (see {@link CompileOptions})
         */
        public CompileOptions build() {
            return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, chainPrefix,
                    workloadInterfacePrefixes, denyAction, logPrefix, policyGroupThreshold);
        }
    }
}

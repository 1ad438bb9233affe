package io.hostwall.compiler;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hostwall.model.FailsafePort;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How to compile a node.
 *
 * @param inboundFailsafes override of the inbound failsafe list; empty = take it from the FelixConfiguration
 *     ({@code node.<node>}, else {@code default}) or Felix's defaults
 * @param outboundFailsafes likewise for outbound
 * @param markMask the packet-mark bits hostwall may use (Felix's default {@code 0xffff0000})
 * @param chainPrefix prefix of every chain and set name (default {@code hw})
 * @param workloadInterfacePrefixes interfaces that belong to workloads, not the host (default {@code cali})
 * @param denyAction how the filter stage denies
 * @param logPrefix prefix of Log rules' kernel log lines
 * @param hostInterfaces host facts: interface name → its addresses, to bind HEPs that have only expectedIPs
 */
public record CompileOptions(
        Optional<ImmutableList<FailsafePort>> inboundFailsafes,
        Optional<ImmutableList<FailsafePort>> outboundFailsafes,
        int markMask,
        String chainPrefix,
        ImmutableList<String> workloadInterfacePrefixes,
        DenyAction denyAction,
        String logPrefix,
        ImmutableMap<String, ImmutableList<InetAddress>> hostInterfaces) {

    public static final int DEFAULT_MARK_MASK = 0xffff0000;

    public CompileOptions {
        Objects.requireNonNull(inboundFailsafes);
        Objects.requireNonNull(outboundFailsafes);
        Objects.requireNonNull(workloadInterfacePrefixes);
        Objects.requireNonNull(denyAction);
        Objects.requireNonNull(hostInterfaces);
        if (!chainPrefix.matches("[a-z][a-z0-9]{0,5}")) {
            throw new IllegalArgumentException(
                    "chain prefix must be 1-6 lower-case letters/digits starting with a letter: " + chainPrefix);
        }
        for (String p : workloadInterfacePrefixes) {
            if (!p.matches("[A-Za-z0-9_.-]{1,14}")) {
                throw new IllegalArgumentException("workload interface prefix must match [A-Za-z0-9_.-]{1,14}: " + p);
            }
        }
        if (!logPrefix.matches("[A-Za-z0-9%: /_-]{0,27}")) {
            throw new IllegalArgumentException(
                    "log prefix must be at most 27 characters of [A-Za-z0-9%: /_-]: " + logPrefix);
        }
        for (FailsafePort p : com.google.common.collect.Iterables.concat(inboundFailsafes.orElse(ImmutableList.of()),
                outboundFailsafes.orElse(ImmutableList.of()))) {
            // As Felix: its failsafe parameters accept only tcp and udp (HostwallCompiler.failsafeChecks).
            if (!p.felixAcceptsProtocol()) {
                throw new IllegalArgumentException("failsafe ports must be TCP or UDP: " + p);
            }
        }
        if (Integer.bitCount(markMask) < 5) {
            throw new IllegalArgumentException(String.format("mark mask 0x%08x needs at least 5 bits", markMask));
        }
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optional.empty(), Optional.empty(), DEFAULT_MARK_MASK, "hw",
                ImmutableList.of("cali"), DenyAction.DROP, "calico-packet", ImmutableMap.of());
    }

    public CompileOptions withFailsafes(ImmutableList<FailsafePort> inbound, ImmutableList<FailsafePort> outbound) {
        return new CompileOptions(Optional.of(inbound), Optional.of(outbound), markMask, chainPrefix,
                workloadInterfacePrefixes, denyAction, logPrefix, hostInterfaces);
    }

    public CompileOptions withMarkMask(int mask) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, mask, chainPrefix,
                workloadInterfacePrefixes, denyAction, logPrefix, hostInterfaces);
    }

    public CompileOptions withChainPrefix(String prefix) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, prefix,
                workloadInterfacePrefixes, denyAction, logPrefix, hostInterfaces);
    }

    public CompileOptions withWorkloadInterfacePrefixes(ImmutableList<String> prefixes) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, chainPrefix, prefixes,
                denyAction, logPrefix, hostInterfaces);
    }

    public CompileOptions withDenyAction(DenyAction action) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, chainPrefix,
                workloadInterfacePrefixes, action, logPrefix, hostInterfaces);
    }

    public CompileOptions withLogPrefix(String prefix) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, chainPrefix,
                workloadInterfacePrefixes, denyAction, prefix, hostInterfaces);
    }

    public CompileOptions withHostInterfaces(ImmutableMap<String, ImmutableList<InetAddress>> interfaces) {
        return new CompileOptions(inboundFailsafes, outboundFailsafes, markMask, chainPrefix,
                workloadInterfacePrefixes, denyAction, logPrefix, interfaces);
    }
}

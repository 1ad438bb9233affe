package io.hostwall.spi;

import com.google.common.collect.ImmutableSortedMap;

/**
 * The documents a backend produced, keyed by their kind, which is also the file suffix the CLI uses:
 * {@code nft} (nftables), {@code iptables}, {@code ip6tables}, {@code ipset} (iptables backend; {@code ipset}
 * only when sets exist).
 */
public record RenderedRuleset(ImmutableSortedMap<String, String> documents) {}

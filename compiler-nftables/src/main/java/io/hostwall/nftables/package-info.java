/**
 * The nftables backend: renders the compiler's IR ({@link io.hostwall.ir.Ruleset}) into one nft script.
 *
 * <p>Entry point: {@link io.hostwall.nftables.NftablesBackend} (ServiceLoader name {@code nftables}, document
 * {@code nft}). The pieces, each small: {@code NftScriptWriter} (layout, the replace idiom), {@code RuleRenderer}
 * (one rule line), {@code MatchRenderer} and {@code ActionRenderer} (the FR §8.3 spellings), {@code SetRenderer}
 * (set and map declarations), {@code SharedSets} (named, content-addressed sets the backend hoists out of rules),
 * {@code NftNames} (name validation) and {@code NftStrings} (free-text sanitising).
 *
 * <p>The live path: {@link io.hostwall.nftables.NftDataplane} (from {@code NftablesBackend.dataplane}) turns the
 * same table model into dataplane objects ({@code NftObjects}), writes each delta as one {@code nft -f -}
 * transaction ({@code NftTransaction}) and reads the kernel's JSON listing ({@code NftListing}, with the strict
 * {@code JsonReader}: no JSON library on a backend's class path) into sizes and fingerprints.
 *
 * <p>Kernel traps this backend avoids, each verified with nft 1.0.6 and covered by a kernel test: negated bitmask
 * matches ({@code ct status != dnat}, {@code ct state != established,related}) compile to whole-word compares;
 * {@code icmp type} inside a concatenation drags in a {@code meta l4proto icmp} dependency; anonymous sets make
 * the load time quadratic; {@code $} in a log prefix is a variable reference; nft cannot quote chain or set names.
 */
package io.hostwall.nftables;

/**
 * The nftables backend: renders the compiler's IR ({@link io.hostwall.ir.Ruleset}) into one nft script.
 *
 * <p>Entry point: {@link io.hostwall.nftables.NftablesBackend} (ServiceLoader name {@code nftables}, document
 * {@code nft}). The pieces, each small: {@code NftScript} (the script, straight from the IR), {@code NftText}
 * (layout of the table model, the replace idiom), {@code RuleRenderer}
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
 *
 * <p>Load time and the number of sets (issue 10; kernel 6.18, nft 1.0.6, node-1 of the 5,000-policy generated
 * cluster, fresh network namespaces, machine under heavy load from other jobs, so CPU seconds (user + sys) are the
 * steadier figure). {@code perf} shows where {@code nft -f} spends its time: three quarters of it in the kernel
 * finding sets by name ({@code nft_set_lookup_global}, {@code nf_tables_newset}, {@code nla_strcmp}), a walk of
 * the table's list of sets in declaration order, once per new set and once per rule and element batch that
 * names one. Measured encodings of the port lists (3,587 distinct lists, 2,515 of them with 2 or 3 entries):
 * <table>
 * <caption>nft -f of node-1</caption>
 * <tr><th>encoding</th><th>sets</th><th>rules</th><th>CPU s</th></tr>
 * <tr><td>one shared named set per list (before)</td><td>5,212</td><td>24,349</td><td>3.1–5.2</td></tr>
 * <tr><td>every list an anonymous set</td><td>1,625</td><td>24,349</td><td>60–70 (wall)</td></tr>
 * <tr><td>every list split, one rule per port</td><td>1,625</td><td>47,964</td><td>3.0</td></tr>
 * <tr><td>lists of ≤ 3 split, sets by name</td><td>2,697</td><td>30,455</td><td>2.2–2.5</td></tr>
 * <tr><td>lists of ≤ 4 split, most-used sets first (now)</td><td>2,614</td><td>30,914</td><td>1.8–2.1</td></tr>
 * <tr><td>lists of ≤ 8 split, most-used sets first</td><td>2,290</td><td>34,062</td><td>1.9–2.1</td></tr>
 * <tr><td>ipset + iptables-restore + ip6tables-restore</td><td>3,242 ipsets</td><td>~58,000 lines</td><td>2.2–2.3</td></tr>
 * </table>
 * Anonymous sets are the worst: the kernel names each one by scanning every set of the table. Splitting every
 * list adds so many rules (each repeating the rule's address-set lookups) that it loses what the fewer sets
 * gain; the curve is flat from 3 to 8, and 4 matches the compiler's limit for inline {@code nets}
 * ({@code PortSplit}). Declaring the most-used sets first halves the names compared per
 * lookup ({@code NftTableBuilder}). Wall time at the same moment: 4.5–4.8 s for nft against 5.8–6.9 s for the
 * three restores (before: 7.5–10.4 s).
 *
 * <p>Measured again after main's selector-identity set names (load average 12–14, best of 3 in fresh namespaces):
 * 2,614 sets and maps, {@code nft -f} 2.56 s wall (1.7–2.3 CPU s) against 0.97 + 1.03 + 0.71 = 2.71 s for
 * {@code ipset restore} (3,242 sets), {@code iptables-restore} and {@code ip6tables-restore} (1.9–2.3 CPU s), a
 * ratio of 0.94; the one-set-per-list script (5,212 sets) took 5.8–7.8 s (3.7–3.8 CPU s) at the same moment. The
 * price is on the render side: the split adds 27 % more rules (30,914 against 24,349), so the script grows from
 * 4.2 to 4.8 MB and the render does more work per node, though it allocates 87 instead of 157 MB.
 *
 * <p>How the script is rendered now (issue 10): {@code NftScript} appends each IR rule's line straight into one
 * builder, with no statement objects, counting set lookups as it goes for the most-used-first order; the table
 * model ({@code NftTableBuilder}, {@code Nft}) remains for the JSON document and the dataplane's objects, and a
 * differential test holds both scripts byte-identical (a failed check renders the rule by the model path, so errors
 * are the model's). The model path spent half its time building and visiting records per statement. Across renders
 * by one backend, {@code NftChainCache} reuses the text of rule lists and IR sets the compiler shares between nodes
 * (by identity, checked against the new ruleset); in the generated cluster two nodes share about a fifth of their rules
 * and half their sets, so it helps {@code --all-nodes} some, and a repeated render of one node much.
 */
package io.hostwall.nftables;

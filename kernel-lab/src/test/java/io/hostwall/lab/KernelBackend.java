package io.hostwall.lab;

import io.hostwall.ir.Ruleset;
import io.hostwall.spi.DocumentKind;
import io.hostwall.spi.Backend;
import io.hostwall.spi.Backends;
import io.hostwall.spi.RenderOptions;
import io.hostwall.spi.RenderedRuleset;

/** A backend as the lab drives it: found through the SPI like any user would, loaded with its native tool. */
public enum KernelBackend {
    NFTABLES("nftables"),
    IPTABLES("iptables");

    private final String spiName;

    KernelBackend(String spiName) {
        this.spiName = spiName;
    }

    RenderedRuleset render(Ruleset ruleset) {
        Backend b = Backends.named(spiName)
                .orElseThrow(() -> new AssertionError("backend " + spiName + " not on the class path"));
        return b.render(ruleset, RenderOptions.defaults());
    }

    /** Loads the documents; the result says whether the kernel took them. */
    Cmd.Result apply(Namespace ns, RenderedRuleset r) {
        return apply(ns, r.documents());
    }

    Cmd.Result apply(Namespace ns, java.util.Map<DocumentKind, String> documents) {
        return switch (this) {
            case NFTABLES -> RulesetApplier.applyNft(ns, documents.get(DocumentKind.NFT));
            case IPTABLES -> RulesetApplier.applyIptables(ns, documents);
        };
    }

    /** The kernel's listing of what is loaded, comparable between two applies. */
    String dump(Namespace ns) {
        return switch (this) {
            case NFTABLES -> RulesetApplier.nftListRuleset(ns);
            case IPTABLES -> RulesetApplier.iptablesSave(ns);
        };
    }

    /** The documents as one printable text, for failure messages and replay. */
    static String describe(RenderedRuleset r) {
        StringBuilder b = new StringBuilder();
        r.documents().forEach((k, v) -> b.append("----- ").append(k).append(" -----\n").append(v));
        return b.toString();
    }

    @Override
    public String toString() {
        return spiName;
    }
}

package io.hostwall.nftables;

import io.hostwall.spi.RenderOptions;

/** Prints a sample script (a development aid: {@code java ... PrintSample small|everything|other}). */
public final class PrintSample {
    private PrintSample() {}

    public static void main(String[] args) {
        var rs = switch (args.length == 0 ? "small" : args[0]) {
            case "everything" -> Samples.everything();
            case "other" -> Samples.other();
            default -> Samples.small();
        };
        System.out.print(new NftablesBackend().script(rs, RenderOptions.defaults()));
    }
}

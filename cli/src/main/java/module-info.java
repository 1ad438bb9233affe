/**
 * The {@code hostwall} command line: {@code compile}, {@code explain} and {@code lint}. It exports nothing; the
 * backends are found through the {@link io.hostwall.spi.Backend} service.
 */
module io.hostwall.cli {
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.google.common;
    requires info.picocli;
    requires io.hostwall.compiler;

    // picocli reads and sets the annotated fields of the commands reflectively.
    opens io.hostwall.cli to info.picocli;
}

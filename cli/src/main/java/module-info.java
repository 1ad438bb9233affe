/**
 * The {@code hostwall} command line: {@code compile}, {@code explain}, {@code lint}, ..., and {@code apply},
 * {@code watch} and {@code remove}, which write the kernel. It exports nothing; the
 * backends are found through the {@link io.hostwall.spi.Backend} service.
 */
module io.hostwall.cli {
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.google.common;
    requires info.picocli;
    requires io.hostwall.compiler;
    // sun.misc.Signal: watch ends with exit code 0 on SIGTERM and SIGINT (a shutdown hook cannot choose the status).
    requires jdk.unsupported;

    // picocli reads and sets the annotated fields of the commands reflectively.
    opens io.hostwall.cli to info.picocli;
}

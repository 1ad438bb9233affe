/**
 * The Calico resources hostwall reads, as immutable records ({@link io.hostwall.model}), and loading them from
 * manifests with file-and-line diagnostics ({@link io.hostwall.model.manifest}). YAML reading and Calico's
 * validation rules are internal.
 */
module io.hostwall.model {
    requires transitive com.google.common;
    requires transitive io.hostwall.ir;
    requires transitive io.hostwall.selector;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;

    exports io.hostwall.model;
    exports io.hostwall.model.manifest;
}

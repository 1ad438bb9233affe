package io.hostwall.model.manifest;

import java.util.Objects;

/**
 * Manifest text held in memory, with the name problems should print for it (a file name, a URL, "stdin"). A name
 * ending in {@code .json} is read as JSON, any other as YAML (of which JSON is a subset).
 */
public record ManifestText(String sourceName, String content) {
    /**
     * Checks that neither part is null.
     *
     * @param sourceName what problems print as the file
     * @param content the manifest text
     */
    public ManifestText {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(content, "content");
    }
}

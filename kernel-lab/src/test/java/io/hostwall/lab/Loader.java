package io.hostwall.lab;

import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import io.hostwall.model.PolicySet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's manifest loader, used exactly as the CLI uses it (files on disk). YAML written in a test goes
 * through a file too, so tests exercise the same path users do.
 */
final class Loader {
    private Loader() {}

    static PolicySet parse(String yaml) {
        try {
            Path f = Files.createTempFile("hwlab-", ".yaml");
            try {
                Files.writeString(f, yaml);
                return load(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicySet load(Path... paths) {
        try {
            return ManifestLoader.load(List.of(paths));
        } catch (ManifestException e) {
            throw new AssertionError("manifests do not load: " + e.getMessage(), e);
        }
    }
}

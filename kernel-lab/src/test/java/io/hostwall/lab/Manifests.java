package io.hostwall.lab;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/** Loads manifests with the project's loader and remembers their text, so failures can print what was loaded. */
final class Manifests {
    private static final Map<PolicySet, String> SOURCES = Collections.synchronizedMap(new IdentityHashMap<>());

    private Manifests() {}

    /** The repository root (surefire sets {@code hostwall.root}; otherwise the module's parent). */
    static Path root() {
        return Path.of(System.getProperty("hostwall.root", "..")).toAbsolutePath().normalize();
    }

    /** Parses YAML documents (separated by {@code ---}). */
    static PolicySet yaml(String text) {
        PolicySet set = Loader.parse(text);
        SOURCES.put(set, text);
        return set;
    }

    /** Loads manifest files (or directories of them) relative to the repository root. */
    static PolicySet files(String... relative) {
        Path[] paths = new Path[relative.length];
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < relative.length; i++) {
            paths[i] = root().resolve(relative[i]);
            names.append("# file ").append(relative[i]).append('\n');
        }
        PolicySet set = Loader.load(paths);
        StringBuilder text = new StringBuilder(names);
        for (Path p : paths) {
            try (var files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    text.append("# ---- ").append(f).append('\n').append(Files.readString(f)).append('\n');
                }
            } catch (IOException | RuntimeException e) {
                text.append("# (unreadable: ").append(e).append(")\n");
            }
        }
        SOURCES.put(set, text.toString());
        return set;
    }

    /** The manifests as loaded (their text when known, else the parsed resources). */
    static String describe(PolicySet set) {
        String src = SOURCES.get(set);
        if (src != null) {
            return "----- manifests -----\n" + src + (src.endsWith("\n") ? "" : "\n");
        }
        StringBuilder b = new StringBuilder("----- policy set (parsed resources) -----\n");
        for (Resource r : set.all()) {
            b.append(r).append('\n');
        }
        return b.toString();
    }

    static PolicySet remember(PolicySet set, String text) {
        SOURCES.put(set, text);
        return set;
    }
}

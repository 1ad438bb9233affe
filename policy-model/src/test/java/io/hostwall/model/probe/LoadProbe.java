package io.hostwall.model.probe;

import io.hostwall.model.PolicySet;
import io.hostwall.model.Problem;
import io.hostwall.model.manifest.ManifestException;
import io.hostwall.model.manifest.ManifestLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures loading hostile or large input, for {@code /usr/bin/time -v} and JFR (see policy-model/README.md,
 * "Limits"): {@code java -cp ... io.hostwall.model.probe.LoadProbe docs 100000 /tmp/docs.yaml}.
 *
 * <ul>
 *   <li>{@code docs N FILE}: N small GlobalNetworkPolicy documents in one file;
 *   <li>{@code scalar MB FILE}: one document that is a single plain scalar of MB mebibytes;
 *   <li>{@code name MB FILE}: a policy whose name is MB mebibytes long.
 * </ul>
 */
public final class LoadProbe {
    private LoadProbe() {}

    /**
     * Writes the input, loads it and prints the outcome and the time taken.
     *
     * @param args mode, size, file
     * @throws IOException when the input cannot be written
     */
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        long size = Long.parseLong(args[1]);
        Path file = Path.of(args[2]);
        if (!Files.exists(file)) {
            write(mode, size, file);
        }
        long start = System.nanoTime();
        String outcome;
        try {
            PolicySet set = ManifestLoader.load(file);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            outcome = "loaded " + set.all().size() + " resources in " + ms + " ms, live heap after load "
                    + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB";
        } catch (ManifestException e) {
            Problem first = e.problems().get(0);
            String text = first.toString();
            outcome = e.problems().size() + " problems, first: "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(mode + " " + size + ": " + outcome + " in " + ms + " ms");
    }

    static void write(String mode, long size, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            switch (mode) {
                case "docs" -> {
                    for (long i = 0; i < size; i++) {
                        w.write("---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n"
                                + "  name: policy-" + i + "\n  labels: {team: a, tier: b}\nspec:\n  order: " + i
                                + "\n  selector: role == 'web'\n  ingress:\n    - action: Allow\n      protocol: TCP\n"
                                + "      destination:\n        ports: [80, 443]\n");
                    }
                }
                case "scalar" -> repeat(w, 'a', size << 20);
                case "name" -> {
                    w.write("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ");
                    repeat(w, 'a', size << 20);
                    w.write("\nspec: {}\n");
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
    }

    private static void repeat(BufferedWriter w, char c, long n) throws IOException {
        char[] chunk = new char[8192];
        java.util.Arrays.fill(chunk, c);
        for (long left = n; left > 0; left -= chunk.length) {
            w.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
    }
}

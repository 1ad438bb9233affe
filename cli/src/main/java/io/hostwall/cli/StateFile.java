package io.hostwall.cli;

import io.hostwall.dataplane.DataplaneSnapshot;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code apply} (or {@code watch}) last wrote to the kernel, kept between runs: a {@link DataplaneSnapshot} in
 * {@code DIR/BACKEND-TABLE-netns-INODE.state}, one per network namespace, backend and table. It only saves work: a
 * missing, unreadable or corrupt file means a full replace, which is always correct.
 *
 * @param path the file
 */
record StateFile(Path path) {

    /** The state file of {@code backend} and {@code table} in the current network namespace, under {@code dir}. */
    static StateFile of(Path dir, String backend, String table) {
        if (dir.toString().isEmpty()) {
            throw new UserInputException("--state-dir: the directory name is empty");
        }
        return new StateFile(dir.resolve(backend + "-" + table + "-netns-" + NetworkNamespace.id() + ".state"));
    }

    /** What was read: the snapshot, or why there is none (for the summary line). */
    record Loaded(Optional<DataplaneSnapshot> snapshot, String why) {}

    /** Reads the file; a missing or malformed one is no snapshot, with the reason (a malformed one's line). */
    Loaded read() {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new Loaded(Optional.of(DataplaneSnapshot.read(in)), "");
        } catch (NoSuchFileException e) {
            return new Loaded(Optional.empty(), "no state file");
        } catch (DataplaneSnapshot.MalformedSnapshotException e) {
            return new Loaded(Optional.empty(), "state file " + path + ":" + e.line() + ": "
                    + e.getMessage().replaceFirst("^line \\d+: ", ""));
        } catch (IOException | RuntimeException e) {
            // A file that is not UTF-8 or not readable is as good as corrupt: replace everything and rewrite it.
            return new Loaded(Optional.empty(), "state file " + path + " unreadable: " + e.getMessage());
        }
    }

    /**
     * Writes {@code snapshot} atomically (a temporary file moved over the old one), unless the file already holds
     * exactly that text.
     *
     * @return whether the file was written
     */
    boolean write(DataplaneSnapshot snapshot) {
        String text = snapshot.text();
        try {
            if (Files.isRegularFile(path) && Files.readString(path, StandardCharsets.UTF_8).equals(text)) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: written again below
        }
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".hostwall-state-", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            throw new UserInputException("--state-dir: cannot write " + path + ": " + e.getMessage());
        }
    }

    /** Deletes the file; {@return whether there was one} */
    boolean delete() {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UserInputException("--state-dir: cannot delete " + path + ": " + e.getMessage());
        }
    }
}

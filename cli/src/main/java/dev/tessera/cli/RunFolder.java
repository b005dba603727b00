package dev.tessera.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The output folder of one run, so that a new run never touches an existing one.
 *
 * <ul>
 * <li>Without {@code --out}, every run gets a fresh folder {@code runs/<command>/<yyyyMMdd-HHmmss>} (a suffix
 *     {@code -2}, {@code -3}, ... when that second is taken) and {@code runs/<command>/latest} points to it (a
 *     symbolic link, or a text file holding the folder's name where links cannot be made).</li>
 * <li>{@code --out DIR} naming a file is an error; a DIR that holds a run (one of {@link #RUN_FILES}) is refused
 *     unless {@code --overwrite} (the old run's files are deleted first, so nothing of it mixes with the new one) or
 *     {@code --resume} is given; a run whose status is {@code failed} is replaced without asking.</li>
 * <li>The {@value #STATUS} file says where the run stands: {@code running}, {@code completed}, {@code failed: <why>}
 *     or {@code interrupted at epoch E of N}. A run killed outright is left {@code running}.</li>
 * </ul>
 */
final class RunFolder {
    /** The status file's name. */
    static final String STATUS = "status";
    /** The pointer to the newest run under {@code runs/<command>}. */
    static final String LATEST = "latest";
    /** The files a run writes: a folder holding one of them holds a run. */
    static final List<String> RUN_FILES = List.of(STATUS, ModelFiles.CONFIG, ModelFiles.WEIGHTS,
            ModelFiles.NORMALIZER_FILE, LabelMap.FILE, "metrics.csv", TrainCommand.STEP_LOG, "curves.png",
            "last.safetensors", "lr_find.csv", "lr_find.png", "search.csv", EvaluateCommand.CONFUSION_CSV,
            EvaluateCommand.CONFUSION_PNG, EvaluateCommand.METRICS_CSV, LmFiles.VOCABULARY);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private RunFolder() {
    }

    /**
     * The folder a new run writes into: a fresh one under {@code root} (e.g. {@code runs/train}) when {@code out} is
     * null, else {@code out} (created when missing, emptied of an old run with {@code overwrite}).
     *
     * @throws IllegalArgumentException when {@code out} is a file, or holds a run and {@code overwrite} is false
     */
    static Path create(Path out, Path root, boolean overwrite) throws IOException {
        if (out == null) {
            return fresh(root);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        List<String> old = runFiles(out);
        if (!old.isEmpty()) {
            String status = status(out);
            if (!overwrite && (status == null || !status.startsWith("failed"))) {
                throw new IllegalArgumentException("--out " + out + " already holds a run (" + String.join(", ", old)
                        + "); choose another folder, or add --overwrite to replace it or --resume " + out
                        + " to continue it");
            }
            for (String f : old) {
                Files.deleteIfExists(out.resolve(f));
            }
        }
        Files.createDirectories(out);
        return out;
    }

    /**
     * The run folder {@code dir} names: {@code dir} itself when it holds a run, else the run its {@value #LATEST}
     * pointer names (so {@code runs/train} means the newest training run).
     */
    static Path resolve(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelFiles.CONFIG)) || !Files.exists(dir.resolve(LATEST),
                LinkOption.NOFOLLOW_LINKS)) {
            return dir;
        }
        Path latest = dir.resolve(LATEST);
        if (Files.isSymbolicLink(latest) || Files.isDirectory(latest)) {
            return latest;
        }
        return dir.resolve(Files.readString(latest).strip());
    }

    /** The run files present in {@code dir} (none when it does not exist); folders of those names do not count. */
    static List<String> runFiles(Path dir) {
        List<String> found = new ArrayList<>();
        for (String f : RUN_FILES) {
            Path p = dir.resolve(f);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                found.add(f);
            }
        }
        return found;
    }

    /** Records {@code status} (one line) in {@code dir}. */
    static void status(Path dir, String status) throws IOException {
        AtomicFiles.write(dir.resolve(STATUS), status.replaceAll("\\s*\\R\\s*", " ") + "\n");
    }

    /**
     * Records that the run in {@code dir} failed ({@code failed: <why>}, see {@link Main#describe}); when that record
     * cannot be written, the reason is added to {@code failure} as suppressed, so the caller rethrows the failure.
     */
    static void failed(Path dir, Throwable failure) {
        try {
            status(dir, "failed: " + Main.describe(failure));
        } catch (Exception | Error second) {
            failure.addSuppressed(second);
        }
    }

    /** The recorded status of {@code dir}, or null when it has none. */
    static String status(Path dir) throws IOException {
        Path f = dir.resolve(STATUS);
        return Files.isRegularFile(f) ? Files.readString(f).strip() : null;
    }

    private static Path fresh(Path root) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("cannot create runs under " + root + ": it is a file, not a folder");
        }
        Files.createDirectories(root);
        String stamp = LocalDateTime.now().format(STAMP);
        for (int i = 1; ; i++) {
            String name = i == 1 ? stamp : stamp + "-" + i;
            Path dir = root.resolve(name);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            pointLatest(root, name);
            return dir;
        }
    }

    /** Points {@code root/latest} to {@code name}: a relative symbolic link, or a text file holding the name. */
    private static void pointLatest(Path root, String name) throws IOException {
        Path latest = root.resolve(LATEST);
        Path tmp = root.resolve("." + LATEST + "." + name + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(name));
            Files.move(tmp, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(tmp);
            if (Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot point " + latest + " to " + name + ": it is a folder", e);
            }
            AtomicFiles.write(latest, name + "\n");
        }
    }
}

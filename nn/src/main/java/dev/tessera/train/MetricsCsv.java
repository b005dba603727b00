package dev.tessera.train;

import dev.tessera.io.TemporaryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps a CSV file of every epoch's metrics ({@link EpochMetrics#CSV_HEADER} columns, resumed epochs included),
 * rewritten after each epoch through a temporary file and an atomic rename, so the file is always complete.
 */
public final class MetricsCsv implements TrainingListener {
    private final Path path;
    private final StringBuilder csv = new StringBuilder();

    /** Writes to {@code path}. */
    public MetricsCsv(Path path) {
        this.path = path;
    }

    @Override
    public void onTrainStart(TrainingHistory history, int epochs) {
        csv.setLength(0);
        csv.append(history.toCsv());
        write();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        csv.append(metrics.toCsvRow()).append('\n');
        write();
    }

    private void write() {
        try {
            Path target = path.toAbsolutePath();
            Path tmp = TemporaryFiles.create(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, csv);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("MetricsCsv: cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}

package dev.tessera.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The metrics of every epoch of a run, in order, and why it ended.
 */
public final class TrainingHistory {
    /** Why training ended. */
    public enum StopReason {
        /** All configured epochs ran. */
        COMPLETED,
        /** Early stopping ran out of patience. */
        EARLY_STOPPING,
        /** The schedule asked to stop (newbob after its last halving). */
        SCHEDULE
    }

    private final List<EpochMetrics> epochs = new ArrayList<>();
    private StopReason stopReason = StopReason.COMPLETED;
    private int bestEpoch = -1;

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    void stop(StopReason reason) {
        stopReason = reason;
    }

    void bestEpoch(int epoch) {
        bestEpoch = epoch;
    }

    /** Every epoch's metrics (unmodifiable). */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch's metrics. */
    public EpochMetrics last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("TrainingHistory: no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** Why training ended. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The number (from 1) of the epoch early stopping judged best, or -1 without early stopping. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** All epochs as CSV ({@link EpochMetrics#CSV_HEADER} then one row each). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : epochs) {
            sb.append(m.toCsvRow()).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code path}. */
    public void writeCsv(Path path) throws IOException {
        Files.writeString(path, toCsv());
    }

    /**
     * Rebuilds the epochs from {@link #toCsv()} text (checkpoints store it), adding {@code shift} to each epoch number
     * (1 for the text of a checkpoint that numbered epochs from 0, else 0).
     */
    static TrainingHistory parseCsv(String csv, int shift) {
        TrainingHistory h = new TrainingHistory();
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                EpochMetrics m = EpochMetrics.parseCsvRow(lines[i]);
                h.add(shift == 0 ? m : new EpochMetrics(m.epoch() + shift, m.trainLoss(), m.trainAccuracy(),
                        m.valLoss(), m.valAccuracy(), m.lr(), m.trainSamples(), m.skippedSteps(), m.seconds(),
                        m.samplesPerSecond()));
            }
        }
        return h;
    }
}

package dev.tessera.train;

import java.io.PrintStream;

/** Prints one line per epoch ({@link EpochMetrics#summary()}, prefixed with {@code [k/N]}) and how training ended. */
public final class EpochLogger implements TrainingListener {
    private final PrintStream out;
    private int epochs;

    /** Logs to {@code out}. */
    public EpochLogger(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainStart(TrainingHistory history, int totalEpochs) {
        this.epochs = totalEpochs;
        if (!history.epochs().isEmpty()) {
            out.println("resuming after epoch " + history.epochs().size() + " of " + totalEpochs);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        out.println("[" + m.epoch() + "/" + epochs + "] " + m.summary());
    }

    @Override
    public void onTrainEnd(TrainingHistory history) {
        String how = switch (history.stopReason()) {
            case COMPLETED -> "completed";
            case EARLY_STOPPING -> "stopped early (best epoch " + history.bestEpoch() + ")";
            case SCHEDULE -> "stopped by the learning-rate schedule";
        };
        out.println("training " + how + " after " + history.epochs().size() + " epochs");
    }
}

package dev.tessera.train;

import dev.tessera.optim.schedule.Mode;

/** A per-epoch quantity that early stopping and metric-driven schedules watch, with the direction that is better. */
public enum Monitor {
    /** Mean training loss (lower is better). */
    TRAIN_LOSS(Mode.MIN),
    /** Mean validation loss (lower is better). */
    VAL_LOSS(Mode.MIN),
    /** Validation accuracy (higher is better). */
    VAL_ACCURACY(Mode.MAX);

    private final Mode mode;

    Monitor(Mode mode) {
        this.mode = mode;
    }

    /** Whether lower or higher is better. */
    public Mode mode() {
        return mode;
    }

    /** Whether it needs validation data. */
    public boolean needsValidation() {
        return this != TRAIN_LOSS;
    }

    /** Its value in {@code m}. */
    public double of(EpochMetrics m) {
        return switch (this) {
            case TRAIN_LOSS -> m.trainLoss();
            case VAL_LOSS -> m.valLoss();
            case VAL_ACCURACY -> m.valAccuracy();
        };
    }
}

package dev.tessera.train;

import dev.tessera.nn.Require;
import java.nio.file.Path;

/**
 * Everything a {@link Trainer} run is configured with, built with {@link #builder()} (every setter checks its
 * argument and names the accepted range). Defaults: 10 epochs, seed 0, schedule stepped per epoch, no
 * accumulation, no clipping, stop on a non-finite loss, no early stopping, no checkpoints, listeners synced every
 * {@value Builder#DEFAULT_SYNC_BATCHES} batches or {@value Builder#DEFAULT_SYNC_MILLIS} ms.
 *
 * @param epochs            epochs to run in total (a resumed run continues up to this number)
 * @param seed              seed of the trainer's generator (data order)
 * @param scheduleUnit      whether the schedule's step is the epoch or the optimizer step
 * @param scheduleMonitor   the metric given to metric-driven schedules after each epoch
 * @param accumulationSteps micro-batches per optimizer step
 * @param clipNorm          global gradient-norm bound, or NaN for none
 * @param clipValue         gradient value bound, or NaN for none
 * @param nanPolicy         what a non-finite loss does
 * @param earlyStopping     early stopping, or null
 * @param checkpointDir     directory of {@code last.safetensors}, or null for no checkpoints
 * @param checkpointEvery   write a checkpoint every this many epochs (and after the last)
 * @param resumeFrom        a checkpoint to resume from, or null
 * @param listenerSyncBatches listeners receive their queued batch and step events at the latest after this many
 *                          batches (see {@link Builder#listenerSync})
 * @param listenerSyncMillis or once this many milliseconds have passed since the previous sync
 * @param graphCapture      whether training steps are captured as graphs and replayed ({@link CompiledStep})
 * @param precision         what the forward pass and loss compute in ({@link Precision}; default FP32)
 */
public record TrainerConfig(int epochs, long seed, ScheduleUnit scheduleUnit, Monitor scheduleMonitor,
                            int accumulationSteps, double clipNorm, double clipValue, NanPolicy nanPolicy,
                            EarlyStopping earlyStopping, Path checkpointDir, int checkpointEvery, Path resumeFrom,
                            int listenerSyncBatches, long listenerSyncMillis, GraphCapture graphCapture,
                            Precision precision) {
    /** What the schedule's step counts. */
    public enum ScheduleUnit {
        /** The schedule advances once per epoch. */
        EPOCH,
        /** The schedule advances once per optimizer step. */
        STEP
    }

    /** What to do when a training loss is NaN or infinite. */
    public enum NanPolicy {
        /**
         * Throw {@link TrainingDivergedException} naming the batch and step. Detected on the device without a read
         * per step, so it is raised at the next sync (a listener sync or the epoch end): the steps between the bad
         * batch and the sync have been applied.
         */
        STOP,
        /**
         * Skip that batch's update (counted in {@link EpochMetrics#skippedSteps()}) and go on. Deciding needs the
         * loss before the update, so this policy reads the loss back once per batch (a wait for the device).
         */
        SKIP
    }

    /**
     * Whether the trainer runs each step as a captured graph ({@link CompiledStep}: forward, loss, backward and update
     * replayed in one launch). Only steps without gradient accumulation, clipping or the SKIP policy are captured,
     * and only while no listener asks for the step's gradient norm; the rest run eagerly.
     */
    public enum GraphCapture {
        /** Captured on CUDA devices, eager elsewhere (the default). */
        AUTO,
        /** Captured on every device with step capture (cpu and reference record the calls); eager on the others. */
        ON,
        /** Always eager. */
        OFF
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainerConfig}. */
    public static final class Builder {
        /** Default of {@link #listenerSync}: batches between two syncs at most. */
        public static final int DEFAULT_SYNC_BATCHES = 256;
        /** Default of {@link #listenerSync}: milliseconds between two syncs at most. */
        public static final long DEFAULT_SYNC_MILLIS = 500;
        private int epochs = 10;
        private long seed;
        private ScheduleUnit scheduleUnit = ScheduleUnit.EPOCH;
        private Monitor scheduleMonitor;
        private int accumulationSteps = 1;
        private double clipNorm = Double.NaN;
        private double clipValue = Double.NaN;
        private NanPolicy nanPolicy = NanPolicy.STOP;
        private EarlyStopping earlyStopping;
        private Path checkpointDir;
        private int checkpointEvery = 1;
        private Path resumeFrom;
        private int listenerSyncBatches = DEFAULT_SYNC_BATCHES;
        private long listenerSyncMillis = DEFAULT_SYNC_MILLIS;
        private GraphCapture graphCapture = GraphCapture.AUTO;
        private Precision precision = Precision.FP32;

        private Builder() {
        }

        /** Total epochs, >= 1. */
        public Builder epochs(int n) {
            Require.atLeast("TrainerConfig", "epochs", n, 1);
            epochs = n;
            return this;
        }

        /** Seed of the data order. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Whether the schedule counts epochs or optimizer steps. */
        public Builder scheduleUnit(ScheduleUnit unit) {
            scheduleUnit = unit;
            return this;
        }

        /** The metric metric-driven schedules observe (default: validation loss when there is validation data). */
        public Builder scheduleMonitor(Monitor m) {
            scheduleMonitor = m;
            return this;
        }

        /** Micro-batches per optimizer step, >= 1. */
        public Builder accumulationSteps(int k) {
            Require.atLeast("TrainerConfig", "accumulationSteps", k, 1);
            accumulationSteps = k;
            return this;
        }

        /** Clip gradients to this global L2 norm, > 0. */
        public Builder clipNorm(double maxNorm) {
            Require.positive("TrainerConfig", "clipNorm", maxNorm);
            clipNorm = maxNorm;
            return this;
        }

        /** Clip gradient values to [-v, v], v > 0. */
        public Builder clipValue(double v) {
            Require.positive("TrainerConfig", "clipValue", v);
            clipValue = v;
            return this;
        }

        /** What a non-finite loss does. */
        public Builder nanPolicy(NanPolicy p) {
            nanPolicy = p;
            return this;
        }

        /** Early stopping (null for none). */
        public Builder earlyStopping(EarlyStopping e) {
            earlyStopping = e;
            return this;
        }

        /**
         * Write {@code dir/last.safetensors} every {@code everyEpochs} epochs, >= 1 (atomically: a crash leaves the
         * previous checkpoint). Each {@code fit} first deletes the temporary files that writes killed mid-way left
         * in {@code dir}, so one directory must serve one trainer at a time.
         */
        public Builder checkpoints(Path dir, int everyEpochs) {
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("TrainerConfig: checkpoint interval must be >= 1 epoch, got "
                        + everyEpochs);
            }
            checkpointDir = dir;
            checkpointEvery = everyEpochs;
            return this;
        }

        /** Resume from this checkpoint. */
        public Builder resumeFrom(Path checkpoint) {
            resumeFrom = checkpoint;
            return this;
        }

        /** Whether steps are captured as graphs (default {@link GraphCapture#AUTO}: on CUDA). */
        public Builder graphCapture(GraphCapture mode) {
            if (mode == null) {
                throw new IllegalArgumentException("TrainerConfig.graphCapture: the mode must not be null");
            }
            this.graphCapture = mode;
            return this;
        }

        /**
         * How often listeners get their per-batch and per-step numbers. A training step does not read its loss back
         * (that would wait for the device every step); the trainer queues each batch's loss on the device and, after
         * a batch, syncs when {@code batches} batches are queued or {@code millis} ms have passed since the previous
         * sync, and at each epoch end: one read of the queued losses, then {@link TrainingListener#onStep} and
         * {@link TrainingListener#onBatchEnd} for each queued batch, in order and with exact values. A sync also
         * raises deferred label-range errors and (policy STOP) a non-finite loss. With no listener nothing is queued
         * and the epoch's loss and accuracy are read once, at its end.
         *
         * @throws IllegalArgumentException when batches {@literal <} 1 or millis {@literal <} 0
         */
        public Builder listenerSync(int batches, long millis) {
            if (batches < 1 || millis < 0) {
                throw new IllegalArgumentException("TrainerConfig: listenerSync needs batches >= 1 and millis >= 0, got "
                        + batches + " batches and " + millis + " ms");
            }
            listenerSyncBatches = batches;
            listenerSyncMillis = millis;
            return this;
        }

        /**
         * What the forward pass and loss compute in: FP32 (the default), BF16 or FP16 autocast (FP16 with a
         * {@link dev.tessera.optim.GradScaler}), or TF32 products; parameters stay FLOAT32 in every mode.
         *
         * @throws IllegalArgumentException when {@code p} is null
         */
        public Builder precision(Precision p) {
            if (p == null) {
                throw new IllegalArgumentException("TrainerConfig: precision must not be null (FP32 is the default)");
            }
            precision = p;
            return this;
        }

        /** The configuration. */
        public TrainerConfig build() {
            return new TrainerConfig(epochs, seed, scheduleUnit, scheduleMonitor, accumulationSteps, clipNorm,
                    clipValue, nanPolicy, earlyStopping, checkpointDir, checkpointEvery, resumeFrom, listenerSyncBatches,
                    listenerSyncMillis, graphCapture, precision);
        }
    }
}

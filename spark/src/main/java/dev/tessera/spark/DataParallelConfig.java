package dev.tessera.spark;

import java.io.Serializable;

/**
 * The settings of a data-parallel run on Spark; build one with {@link #builder()}.
 *
 * @param workers         tasks (replicas) N, one per partition of the data
 * @param batchSize       rows per worker per step B (the global batch is N * B)
 * @param steps           optimizer steps in all (0 means: derive from {@code epochs})
 * @param epochs          passes over the shards when {@code steps} is 0
 * @param seed            seed of the batch order ({@link ShardOrder})
 * @param averageEvery    K: 1 averages gradients every step (synchronous SGD); K > 1 is local SGD, each worker steps
 *                        alone and the parameters are averaged every K steps
 * @param linearScaling   whether the base learning rate is multiplied by N (Goyal et al.'s linear scaling rule)
 * @param warmupSteps     steps of linear warm-up from 1/N of the (scaled) base rate up to it; with linear scaling
 *                        that starts at the unscaled rate, as Goyal et al. do
 * @param checkpointEvery steps between the driver's checkpoints (each checkpoint ends one barrier stage)
 * @param checkpointDir   folder where the driver also writes each checkpoint, or null to keep them in memory only
 * @param maxAttempts     times a barrier stage is attempted from the last checkpoint before the run fails
 * @param allReduce       the all-reduce transport
 * @param device          the executors' device: a spec such as {@code cpu} or {@code cuda:0}, {@code auto}, or
 *                        {@code gpu} for the GPU Spark assigned the task ({@code spark.task.resource.gpu.amount})
 * @param featuresCol     the column of features (array of float or double)
 * @param labelCol        the column of class labels (int or long)
 * @param socketTimeoutMs how long a ring read waits for a peer before the step fails
 */
public record DataParallelConfig(int workers, int batchSize, long steps, int epochs, long seed, int averageEvery,
                                 boolean linearScaling, long warmupSteps, long checkpointEvery, String checkpointDir,
                                 int maxAttempts, AllReduceKind allReduce, String device, String featuresCol,
                                 String labelCol, int socketTimeoutMs) implements Serializable {
    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first setting out of range and its accepted range
     */
    public DataParallelConfig {
        check(workers >= 1, "workers must be >= 1, got " + workers);
        check(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        check(steps >= 0, "steps must be >= 0, got " + steps);
        check(steps > 0 || epochs >= 1, "set steps > 0 or epochs >= 1 (got steps " + steps + ", epochs " + epochs + ")");
        check(averageEvery >= 1, "averageEvery must be >= 1, got " + averageEvery);
        check(warmupSteps >= 0, "warmupSteps must be >= 0, got " + warmupSteps);
        check(checkpointEvery >= 1, "checkpointEvery must be >= 1, got " + checkpointEvery);
        check(checkpointEvery % averageEvery == 0, "checkpointEvery (" + checkpointEvery + ") must be a multiple of "
                + "averageEvery (" + averageEvery + ") so a checkpoint falls on an averaging step");
        check(maxAttempts >= 1, "maxAttempts must be >= 1, got " + maxAttempts);
        check(allReduce != null, "allReduce must be set");
        check(device != null && !device.isBlank(), "device must be set");
        check(featuresCol != null && labelCol != null, "featuresCol and labelCol must be set");
        check(socketTimeoutMs >= 0, "socketTimeoutMs must be >= 0, got " + socketTimeoutMs);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("DataParallelConfig: " + message);
        }
    }

    /** A builder with the defaults: 2 workers, batch 32, 1 epoch, synchronous SGD, ring, cpu, columns features/label. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; see the record's components. */
    public static final class Builder {
        private int workers = 2;
        private int batchSize = 32;
        private long steps;
        private int epochs = 1;
        private long seed;
        private int averageEvery = 1;
        private boolean linearScaling;
        private long warmupSteps;
        private long checkpointEvery = 100;
        private String checkpointDir;
        private int maxAttempts = 3;
        private AllReduceKind allReduce = AllReduceKind.RING;
        private String device = "cpu";
        private String featuresCol = "features";
        private String labelCol = "label";
        private int socketTimeoutMs = 600_000;

        private Builder() {
        }

        public Builder workers(int n) {
            workers = n;
            return this;
        }

        public Builder batchSize(int b) {
            batchSize = b;
            return this;
        }

        public Builder steps(long n) {
            steps = n;
            return this;
        }

        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder averageEvery(int k) {
            averageEvery = k;
            return this;
        }

        public Builder linearScaling(boolean on) {
            linearScaling = on;
            return this;
        }

        public Builder warmupSteps(long n) {
            warmupSteps = n;
            return this;
        }

        public Builder checkpointEvery(long n) {
            checkpointEvery = n;
            return this;
        }

        public Builder checkpointDir(String dir) {
            checkpointDir = dir;
            return this;
        }

        public Builder maxAttempts(int n) {
            maxAttempts = n;
            return this;
        }

        public Builder allReduce(AllReduceKind kind) {
            allReduce = kind;
            return this;
        }

        public Builder device(String spec) {
            device = spec;
            return this;
        }

        public Builder featuresCol(String name) {
            featuresCol = name;
            return this;
        }

        public Builder labelCol(String name) {
            labelCol = name;
            return this;
        }

        public Builder socketTimeoutMs(int ms) {
            socketTimeoutMs = ms;
            return this;
        }

        /** The checked configuration. */
        public DataParallelConfig build() {
            return new DataParallelConfig(workers, batchSize, steps, epochs, seed, averageEvery, linearScaling,
                    warmupSteps, checkpointEvery, checkpointDir, maxAttempts, allReduce, device, featuresCol, labelCol,
                    socketTimeoutMs);
        }
    }
}

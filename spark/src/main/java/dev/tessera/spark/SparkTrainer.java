package dev.tessera.spark;

import dev.tessera.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;

/**
 * Data-parallel synchronous training on Spark (the driver's side). The DataFrame's partitions become N shards, one
 * per worker; training runs as a sequence of barrier stages of {@code checkpointEvery} steps each, one task per
 * worker ({@link TrainSegment}). After each stage worker 0's checkpoint comes back to the driver, which keeps it
 * (in memory, and in {@code checkpointDir} when set) and starts the next stage from it. A stage whose task fails is
 * attempted again from the last checkpoint, up to {@code maxAttempts} times; since each stage restarts from a
 * checkpoint and the batch order is a pure function of (seed, epoch, rank), a retried run ends with exactly the
 * weights of an uninterrupted one. With {@code checkpointDir} set, a new run finds the last checkpoint there and
 * resumes from it, so a driver failure loses nothing already checkpointed.
 *
 * <p>Every step the workers' gradients (each the gradient of their local mean loss) are summed by an all-reduce and
 * divided by N, so with N workers of batch B the update equals single-process training on the global batch of N*B
 * rows formed by concatenating the workers' batches in rank order.
 *
 * <p>{@link #fitInOrder} instead replays a given sequence of global batches, such as the shuffled batches of a
 * single-process run, splitting each across the workers ({@link GlobalOrder}): the update of every step is then the
 * single-process update up to floating-point rounding. Every worker holds the whole data set in that mode (the rows
 * of a step can be any rows), so it suits data that fits each executor's memory.
 */
public final class SparkTrainer {
    /** The file in {@code checkpointDir} holding the last checkpoint. */
    public static final String CHECKPOINT_FILE = "spark-last.safetensors";
    private static final Logger LOG = Logger.getLogger(SparkTrainer.class.getName());
    private static final String WHO = "SparkTrainer";

    private SparkTrainer() {
    }

    /** {@link #fit(Dataset, TrainingRecipe, DataParallelConfig, WorkerHook)} without a hook. */
    public static DataParallelResult fit(Dataset<Row> data, TrainingRecipe recipe, DataParallelConfig config) {
        return fit(data, recipe, config, WorkerHook.NONE);
    }

    /**
     * Trains {@code recipe}'s model on {@code data} (a feature column and a label column, see {@code config}).
     *
     * @throws IllegalArgumentException one line naming the problem: a missing or wrongly typed column, more workers
     *                                  than partitions, a shard smaller than one batch
     * @throws IllegalStateException    when a stage failed {@code maxAttempts} times (the message names the steps,
     *                                  the last error and where the last checkpoint is)
     */
    public static DataParallelResult fit(Dataset<Row> data, TrainingRecipe recipe, DataParallelConfig config,
                                         WorkerHook hook) {
        int featureIndex = Columns.featureIndex(WHO, data.schema(), config.featuresCol());
        int labelIndex = Columns.labelIndex(WHO, data.schema(), config.labelCol());
        int partitions = data.rdd().getNumPartitions();
        if (partitions < config.workers()) {
            throw new IllegalArgumentException(WHO + ": " + config.workers() + " workers but the DataFrame has "
                    + partitions + " partition" + (partitions == 1 ? "" : "s") + "; expected at least one partition "
                    + "per worker (repartition it, or use fewer workers)");
        }
        JavaRDD<Row> rows = data.javaRDD();
        if (partitions > config.workers()) {
            rows = rows.coalesce(config.workers());
        }
        JavaRDD<Shard> shards = rows.mapPartitions(new ShardBuilder(featureIndex, labelIndex, config.featuresCol(),
                config.labelCol())).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            int stepsPerEpoch = stepsPerEpoch(shards, config);
            long total = config.steps() > 0 ? config.steps() : (long) config.epochs() * stepsPerEpoch;
            return run(shards, recipe, config, hook, stepsPerEpoch, total, null);
        } finally {
            shards.unpersist(false);
        }
    }

    /**
     * Trains {@code recipe}'s model on {@code data} step by step over {@code globalBatches}: step {@code t} uses the
     * rows {@code globalBatches.get(t)} (indices into {@code data} in its partition order), split across the workers
     * as {@link GlobalOrder} says, so the run replays single-process training on those batches. The config's steps,
     * epochs, batch size and seed are not used (the batches say it all); its averageEvery must be 1.
     *
     * @throws IllegalArgumentException one line naming the problem: a missing or wrongly typed column, an empty
     *                                  batch, a row index outside the data, local SGD
     * @throws IllegalStateException    when a stage failed {@code maxAttempts} times
     */
    public static DataParallelResult fitInOrder(Dataset<Row> data, List<int[]> globalBatches, TrainingRecipe recipe,
                                                DataParallelConfig config) {
        int featureIndex = Columns.featureIndex(WHO, data.schema(), config.featuresCol());
        int labelIndex = Columns.labelIndex(WHO, data.schema(), config.labelCol());
        if (config.averageEvery() != 1) {
            throw new IllegalArgumentException(WHO + ": a given global batch order needs synchronous SGD (averageEvery "
                    + "1), got averageEvery " + config.averageEvery());
        }
        Shard all = data.javaRDD().coalesce(1).mapPartitions(new ShardBuilder(featureIndex, labelIndex,
                config.featuresCol(), config.labelCol())).collect().get(0);
        GlobalOrder.check(WHO, globalBatches, all.rows());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        JavaRDD<Shard> shards = sc.parallelize(Collections.nCopies(config.workers(), all), config.workers())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Broadcast<int[][]> order = sc.broadcast(globalBatches.toArray(new int[0][]));
        try {
            return run(shards, recipe, config, WorkerHook.NONE, 1, globalBatches.size(), order);
        } finally {
            shards.unpersist(false);
            order.destroy();
        }
    }

    private static int stepsPerEpoch(JavaRDD<Shard> shards, DataParallelConfig config) {
        List<int[]> sizes = shards.map(s -> new int[]{s.rows(), s.features()}).collect();
        int minRows = Integer.MAX_VALUE;
        int features = -1;
        for (int r = 0; r < sizes.size(); r++) {
            int[] s = sizes.get(r);
            if (s[0] < config.batchSize()) {
                throw new IllegalArgumentException(WHO + ": worker " + r + "'s shard has " + s[0] + " rows, fewer "
                        + "than one batch of " + config.batchSize() + "; expected at least batchSize rows per worker");
            }
            if (features >= 0 && s[1] != features) {
                throw new IllegalArgumentException(WHO + ": shards have " + features + " and " + s[1] + " features; "
                        + "expected the same number in every row");
            }
            features = s[1];
            minRows = Math.min(minRows, s[0]);
        }
        return minRows / config.batchSize();
    }

    private static DataParallelResult run(JavaRDD<Shard> shards, TrainingRecipe recipe, DataParallelConfig config,
                                          WorkerHook hook, int stepsPerEpoch, long total, Broadcast<int[][]> order) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(shards.context());
        byte[] checkpoint = null;
        long step = 0;
        Path dir = config.checkpointDir() == null ? null : Path.of(config.checkpointDir());
        if (dir != null && Files.isRegularFile(dir.resolve(CHECKPOINT_FILE))) {
            checkpoint = readCheckpoint(dir.resolve(CHECKPOINT_FILE));
            step = Long.parseLong(stepOf(dir.resolve(CHECKPOINT_FILE)));
            LOG.info(() -> WHO + ": resuming from " + dir.resolve(CHECKPOINT_FILE));
        }
        List<Double> losses = new ArrayList<>();
        int failed = 0;
        long bytes = 0;
        long reduceNanos = 0;
        long computeNanos = 0;
        while (step < total) {
            long to = Math.min(step + config.checkpointEvery(), total);
            Broadcast<byte[]> ckpt = checkpoint == null ? null : sc.broadcast(checkpoint);
            SegmentResult[] results = null;
            Exception last = null;
            for (int attempt = 0; attempt < config.maxAttempts() && results == null; attempt++) {
                try {
                    TrainSegment segment = new TrainSegment(recipe, config, ckpt, step, to, stepsPerEpoch, hook,
                            attempt, order);
                    RDD<SegmentResult> out = shards.rdd().barrier().mapPartitions(segment, false,
                            ClassTag$.MODULE$.apply(SegmentResult.class));
                    results = (SegmentResult[]) out.collect();
                } catch (Exception e) { // collect() rethrows SparkException, which Java sees as checked
                    last = e;
                    failed++;
                    long from = step;
                    LOG.warning(() -> WHO + ": steps " + from + ".." + to + " failed (" + firstLine(e)
                            + "); retrying from the checkpoint of step " + from);
                }
            }
            if (ckpt != null) {
                ckpt.destroy();
            }
            if (results == null) {
                throw new IllegalStateException(WHO + ": steps " + step + ".." + to + " failed " + config.maxAttempts()
                        + " times; last error: " + firstLine(last) + (dir == null ? "" : "; the checkpoint of step "
                        + step + " is in " + dir), last);
            }
            SegmentResult zero = results[0];
            for (SegmentResult r : results) {
                if (r.rank() == 0) {
                    zero = r;
                }
            }
            checkpoint = zero.checkpoint();
            for (double l : zero.losses()) {
                losses.add(l);
            }
            bytes += zero.bytesSent();
            reduceNanos += zero.allReduceNanos();
            computeNanos += zero.computeNanos();
            step = to;
            if (dir != null) {
                writeCheckpoint(dir, checkpoint);
            }
        }
        return new DataParallelResult(checkpoint, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                config.workers(), step, failed, bytes, reduceNanos / 1e9, computeNanos / 1e9);
    }

    /**
     * One line describing {@code e}: the first line of its innermost message and, when that message goes on with a
     * task's exception (as a failed barrier stage's does), that exception's line too.
     */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": "
                + root.getMessage();
        String[] lines = m.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].matches("[A-Za-z_$][\\w.$]*(Exception|Error)(: .*)?")) {
                return lines[0] + " <- " + lines[i];
            }
        }
        return lines[0];
    }

    private static byte[] readCheckpoint(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(WHO + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String stepOf(Path file) {
        try {
            String s = Safetensors.readHeader(file).metadata().get(TrainSegment.STEP_KEY);
            if (s == null) {
                throw new IllegalArgumentException(WHO + ": " + file + " has no '" + TrainSegment.STEP_KEY
                        + "' metadata; expected a checkpoint written by SparkTrainer");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(WHO + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeCheckpoint(Path dir, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(CHECKPOINT_FILE + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(CHECKPOINT_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(WHO + ": cannot write the checkpoint to " + dir + ": " + e.getMessage(), e);
        }
    }
}

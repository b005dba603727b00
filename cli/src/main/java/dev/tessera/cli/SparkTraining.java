package dev.tessera.cli;

import dev.tessera.Generator;
import dev.tessera.spark.DataParallelConfig;
import dev.tessera.spark.DataParallelResult;
import dev.tessera.spark.SparkSessions;
import dev.tessera.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code tessera train --spark}: the run's training part (normalized on the driver, as without Spark) becomes a
 * DataFrame of {@code --workers} partitions, trained data-parallel by {@link SparkTrainer} with {@code --batch-size}
 * as the global batch (each worker takes {@code batch-size / workers} rows per step); the final weights come back
 * into the run's model, which the caller then tests and saves as usual. The only class of the command line that
 * touches Spark's types, loaded only when {@code --spark} is given.
 *
 * <p>With {@code --deterministic} the workers replay the single-process run's batches instead
 * ({@link SparkTrainer#fitInOrder}): every global batch of the order the local trainer would draw from
 * {@code --seed} (the short last batch of an epoch included, unless {@code --drop-last}) is split across the workers,
 * so each update equals the single-process one up to float rounding (the workers' partial means are summed instead
 * of one mean over the whole batch) and the run ends with the single-process weights to about 1e-6 relative. Every
 * worker then holds the whole training part.
 */
final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Trains {@code run}'s model on {@code master} with {@code workers} workers on {@code executorDevice} (null: the
     * run's device); returns the result (losses, traffic).
     */
    static DataParallelResult train(TrainingRun run, String master, int workers, String executorDevice) {
        TrainOptions o = run.options;
        SparkSession spark = SparkSessions.open(master, "tessera train");
        int n = run.xTrain.size(0);
        int features = run.data.features();
        float[] x = run.xTrain.toFloatArray();
        int[] y = run.yTrain.toIntArray();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = new float[features];
            System.arraycopy(x, i * features, row, 0, features);
            rows.add(RowFactory.create(row, y[i]));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> data = spark.createDataFrame(sc.parallelize(rows, workers), schema);
        int perWorker = o.batchSize / workers;
        long stepsPerEpoch = o.deterministic ? run.plainTrainBatches.batchCount() : (n / workers) / perWorker;
        DataParallelConfig config = DataParallelConfig.builder().workers(workers).batchSize(perWorker)
                .epochs(o.epochs).seed(o.seed).checkpointEvery(Math.max(1, stepsPerEpoch))
                .device(executorDevice != null ? executorDevice : run.device.spec()).build();
        CliRecipe recipe = CliRecipe.of(o, features, run.data.classes(), Math.max(1, stepsPerEpoch));
        DataParallelResult result = o.deterministic
                ? SparkTrainer.fitInOrder(data, singleProcessBatches(run), recipe, config)
                : SparkTrainer.fit(data, recipe, config);
        result.loadInto(run.model);
        return result;
    }

    /**
     * The global batches, as row indices of the training part, that {@code run}'s own trainer would train on in
     * every epoch: its batch source's order drawn from a generator seeded as the trainer's, cut into batches.
     */
    static List<int[]> singleProcessBatches(TrainingRun run) {
        Generator rng = new Generator(run.options.seed);
        int batch = run.options.batchSize;
        int count = run.plainTrainBatches.batchCount();
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < run.options.epochs; e++) {
            int[] order = run.plainTrainBatches.order(rng);
            for (int b = 0; b < count; b++) {
                out.add(Arrays.copyOfRange(order, b * batch, Math.min(order.length, (b + 1) * batch)));
            }
        }
        return out;
    }
}

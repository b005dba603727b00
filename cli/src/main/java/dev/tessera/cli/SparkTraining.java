package dev.tessera.cli;

import dev.tessera.spark.DataParallelConfig;
import dev.tessera.spark.DataParallelResult;
import dev.tessera.spark.SparkSessions;
import dev.tessera.spark.SparkTrainer;
import java.util.ArrayList;
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
        long stepsPerEpoch = (n / workers) / perWorker;
        DataParallelConfig config = DataParallelConfig.builder().workers(workers).batchSize(perWorker)
                .epochs(o.epochs).seed(o.seed).checkpointEvery(Math.max(1, stepsPerEpoch))
                .device(executorDevice != null ? executorDevice : run.device.spec()).build();
        DataParallelResult result = SparkTrainer.fit(data, CliRecipe.of(o, features, run.data.classes(),
                Math.max(1, stepsPerEpoch)), config);
        result.loadInto(run.model);
        return result;
    }
}

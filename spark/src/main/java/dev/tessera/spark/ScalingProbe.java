package dev.tessera.spark;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measures the per-step cost of the all-reduce for the MLP 784-1024-1024-10 (1,863,690 parameters) on a Spark
 * master: for each transport, a warm-up run, then a timed run of {@code steps} synchronous steps of batch 32 per
 * worker on random data; prints worker 0's compute and all-reduce seconds per step and bytes sent per step. Usage:
 * {@code ScalingProbe [MASTER [WORKERS [STEPS]]]} (default {@code local[2] 2 20}); see docs/SCALING.md.
 */
public final class ScalingProbe {
    private ScalingProbe() {
    }

    /** The benchmark model and SGD with momentum, seeded. */
    record Mlp() implements TrainingRecipe {
        @Override
        public Module model(Device device) {
            TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(1));
            return new Sequential(new Linear(784, 1024, true, o), new ReLU(), new Linear(1024, 1024, true, o),
                    new ReLU(), new Linear(1024, 10, true, o));
        }

        @Override
        public Loss loss(Module model) {
            return new CrossEntropyLoss();
        }

        @Override
        public Optimizer optimizer(Module model) {
            return new SGD(model.namedParameters(), 0.01, 0.9);
        }
    }

    /** Runs the probe; see the class comment for the arguments. */
    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[2]";
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batch = 32;
        SparkSession spark = SparkSessions.open(master, "tessera scaling probe");
        try {
            SplittableRandom random = new SplittableRandom(5);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < workers * batch * 4; i++) {
                float[] x = new float[784];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) random.nextDouble();
                }
                rows.add(RowFactory.create(x, random.nextInt(10)));
            }
            StructType schema = new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                    .add("label", DataTypes.IntegerType, false);
            Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(rows, workers), schema).cache();
            System.out.printf(Locale.ROOT, "master %s, %d workers, batch %d per worker, %d timed steps, %d cores%n",
                    master, workers, batch, steps, Runtime.getRuntime().availableProcessors());
            System.out.println("transport  compute_s/step  allreduce_s/step  overhead  bytes_sent/worker/step");
            for (AllReduceKind kind : AllReduceKind.values()) {
                DataParallelConfig.Builder c = DataParallelConfig.builder().workers(workers).batchSize(batch)
                        .allReduce(kind).checkpointEvery(1000);
                SparkTrainer.fit(data, new Mlp(), c.steps(3).build());
                DataParallelResult r = SparkTrainer.fit(data, new Mlp(), c.steps(steps).build());
                double compute = r.computeSeconds() / steps;
                double reduce = r.allReduceSeconds() / steps;
                System.out.printf(Locale.ROOT, "%-9s  %14.4f  %16.4f  %7.1f%%  %d%n", kind, compute, reduce,
                        100 * reduce / (compute + reduce), r.bytesSent() / steps);
            }
        } finally {
            spark.stop();
        }
    }
}

package dev.tessera.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One real local Spark (local[2]) shared by the tests of this module, and small labeled DataFrames for them. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    /** The shared session, started on first use (stopped when the test JVM exits). */
    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessions.open("local[2]", "tessera-spark-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** The schema of {@link #blobs}: features array<float>, label int. */
    static StructType schema() {
        return new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
    }

    /**
     * {@code n} rows of {@code features} features in {@code classes} Gaussian blobs (class c centred at c along
     * every axis, unit noise) from a fixed seed, split into {@code partitions} partitions in order.
     */
    static Dataset<Row> blobs(int n, int features, int classes, int partitions, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            float[] x = new float[features];
            for (int j = 0; j < features; j++) {
                double u1 = 1 - random.nextDouble();
                double u2 = random.nextDouble();
                double g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                x[j] = (float) (label + (j % 2 == 0 ? 1 : -1) * 0.5 * label + g * 0.7);
            }
            rows.add(RowFactory.create(x, label));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(get().sparkContext());
        return get().createDataFrame(sc.parallelize(rows, partitions), schema());
    }
}

package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.data.Batch;
import dev.tessera.spark.BatchPredictor;
import dev.tessera.spark.SavedModel;
import dev.tessera.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tessera train --spark local[2]} and {@code tessera search --spark local[2]} on a real local Spark, and a model
 * saved by {@code tessera train} predicting a DataFrame there.
 */
class SparkCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainOnSparkReachesTheSingleProcessAccuracyWithTheSameGlobalBatch() {
        String[] common = {"--model", "mlp:32", "--optimizer", "momentum", "--lr", "0.05", "--epochs", "3",
            "--batch-size", "64", "--device", "cpu"};
        CliRun local = CliRun.ok(concat(new String[]{"train", "--out", dir.resolve("local").toString()}, common));
        CliRun spark = CliRun.ok(concat(new String[]{"train", "--spark", "local[2]", "--workers", "2", "--out",
            dir.resolve("spark").toString()}, common));
        assertTrue(spark.out().contains("2 workers of batch 32 (global batch 64)"), spark::toString);
        double a = Double.parseDouble(local.value("test_accuracy"));
        double b = Double.parseDouble(spark.value("test_accuracy"));
        assertTrue(b > 0.9, "3 epochs on digits over Spark: " + b);
        assertTrue(Math.abs(a - b) <= 0.03, "single process " + a + " vs Spark " + b);
        CliRun eval = CliRun.ok("evaluate", "--model", dir.resolve("spark").toString(), "--device", "cpu");
        assertEquals(spark.value("test_accuracy"), eval.value("test_accuracy"), "the saved model is the trained one");
    }

    /**
     * With --deterministic the workers replay the single-process batches (the short last batch of each epoch
     * included: 1293 training rows in batches of 64), so the run ends with the single-process weights up to float
     * rounding (partial means summed instead of one mean) and the same test accuracy; the documented tolerance is
     * one test example either way, and on this run the two are equal.
     */
    @Test
    void deterministicTrainOnSparkReplaysTheSingleProcessBatchesToTheSameAccuracy() throws Exception {
        String[] common = {"--model", "mlp:32", "--optimizer", "adam", "--lr", "0.01", "--epochs", "3",
            "--batch-size", "64", "--deterministic", "--device", "cpu"};
        CliRun local = CliRun.ok(concat(new String[]{"train", "--out", dir.resolve("local").toString()}, common));
        CliRun spark = CliRun.ok(concat(new String[]{"train", "--spark", "local[2]", "--workers", "2", "--out",
            dir.resolve("spark").toString()}, common));
        int perEpoch = (1293 + 63) / 64;
        assertTrue(spark.out().contains(3 * perEpoch + " steps"), "every batch of 3 epochs, the short ones too\n"
                + spark);
        double a = Double.parseDouble(local.value("test_accuracy"));
        double b = Double.parseDouble(spark.value("test_accuracy"));
        assertTrue(Math.abs(a - b) <= 1.0 / 360 + 1e-9, "single process " + a + " vs Spark " + b
                + " differ by more than one of the 360 test examples");
        assertEquals(local.value("test_accuracy"), spark.value("test_accuracy"));
        float[] w0 = weights(dir.resolve("local"));
        float[] w1 = weights(dir.resolve("spark"));
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < w0.length; i++) {
            diff = Math.max(diff, Math.abs(w0[i] - w1[i]));
            norm = Math.max(norm, Math.abs(w0[i]));
        }
        assertTrue(diff <= 1e-4 * norm, "largest weight difference " + diff + " of largest weight " + norm);
    }

    /** Every weight of the run in {@code run}, in state-dict order. */
    private static float[] weights(Path run) throws Exception {
        try (dev.tessera.io.SafetensorsContent c = dev.tessera.io.Safetensors.read(run.resolve(ModelFiles.WEIGHTS),
                Device.cpu())) {
            List<Float> all = new ArrayList<>();
            for (dev.tessera.Tensor t : c.tensors().values()) {
                for (float v : t.toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void aModelSavedByTrainPredictsADataFrameOnSparkWithItsTestAccuracy() throws Exception {
        Path out = dir.resolve("model");
        CliRun train = CliRun.ok("train", "--model", "mlp:32", "--epochs", "2", "--device", "cpu", "--out",
                out.toString());
        ModelFiles.Saved saved = ModelFiles.load(out, Device.cpu());
        saved.model().close();
        CliRecipe recipe = CliRecipe.of(saved.options(), saved.features(), saved.classes(), 1);
        SavedModel source = SavedModel.read(out.resolve(ModelFiles.WEIGHTS), recipe::model);
        List<Row> rows = new ArrayList<>();
        try (Scope s = Scope.open()) {
            Batch test = DataTensors.all(DataSpec.parse("digits").load().test(), DType.FLOAT32, Device.cpu());
            float[] x = test.features().toFloatArray();
            int[] y = test.targets().toIntArray();
            int f = saved.features();
            for (int i = 0; i < y.length; i++) {
                rows.add(RowFactory.create(Arrays.copyOfRange(x, i * f, (i + 1) * f), y[i]));
            }
        }
        SparkSession spark = SparkSessions.open("local[2]", "test");
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        Dataset<Row> df = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, 3), schema);
        List<Row> predicted = BatchPredictor.predict(df, source, "features", "cpu").collectAsList();
        long right = predicted.stream().filter(r -> r.getInt(1) == r.getInt(2)).count();
        assertEquals(train.value("test_accuracy"), String.format(Locale.ROOT, "%.4f",
                (double) right / predicted.size()), "the prediction column scores the run's test accuracy");
    }

    @Test
    void searchOnSparkPrintsTheLocalSearchsTable() throws Exception {
        String[] common = {"--strategy", "random", "--trials", "3", "--param", "lr=log:1e-3:1e-1", "--epochs", "1",
            "--model", "mlp:16", "--device", "cpu", "--seed", "3"};
        CliRun local = CliRun.ok(concat(new String[]{"search", "--out", dir.resolve("l").toString()}, common));
        CliRun spark = CliRun.ok(concat(new String[]{"search", "--spark", "local[2]", "--out",
            dir.resolve("s").toString()}, common));
        assertEquals(local.value("best_val_accuracy"), spark.value("best_val_accuracy"));
        assertEquals(withoutSeconds(dir.resolve("l/search.csv")), withoutSeconds(dir.resolve("s/search.csv")));
    }

    @Test
    void optionsTheDistributedTrainerCannotHonourAreOneLineErrors() {
        CliRun r = CliRun.of("train", "--spark", "local[2]", "--workers", "3", "--batch-size", "32");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("tessera train: --spark: --batch-size 32 is the global batch and must be a multiple of "
                + "--workers 3"), r.errLines().stream().filter(l -> !l.startsWith("WARNING")).toList());
    }

    /** The CSV without its seconds column (wall times differ between any two runs). */
    private static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int col = Arrays.asList(lines.get(0).split(",")).indexOf("seconds");
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            return Arrays.stream(f).filter(x -> x != f[col]).collect(Collectors.joining(","));
        }).toList();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

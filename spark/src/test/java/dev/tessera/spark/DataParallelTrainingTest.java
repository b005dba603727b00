package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-parallel training on a real local[2] Spark in barrier mode, against single-process training. */
class DataParallelTrainingTest {
    private static final int N = 2;
    private static final int B = 8;
    private static final int STEPS = 20;
    private static final int GATHER_STEPS = 6;

    @BeforeAll
    static void deterministic() {
        Tessera.setDeterministic(true);
    }

    private static DataParallelConfig.Builder config(AllReduceKind kind) {
        return DataParallelConfig.builder().workers(N).batchSize(B).steps(STEPS).seed(7).checkpointEvery(5)
                .allReduce(kind);
    }

    @Test
    void ringTrainingEqualsSingleProcessTrainingOnTheGlobalBatch() {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.05, false, 11);
        Dataset<Row> data = LocalSpark.blobs(90, 6, 3, N, 1);
        DataParallelResult result = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).build());
        assertEquals(STEPS, result.steps());
        assertEquals(STEPS, result.losses().length);
        assertEquals(0, result.failedAttempts());
        SingleProcessReference.Result ref = singleProcess(recipe, data, 7, 0, STEPS);
        SingleProcessReference.assertClose(ref.weights(), result, 1e-5);
        for (int t = 0; t < STEPS; t++) {
            assertEquals(ref.losses()[t], result.losses()[t], 1e-5 * Math.abs(ref.losses()[t]), "loss of step " + t);
        }
        assertTrue(result.losses()[STEPS - 1] < result.losses()[0], "training lowers the loss");
    }

    @Test
    void gatherAllReduceWithAdamEqualsSingleProcessToo() {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.01, true, 12);
        Dataset<Row> data = LocalSpark.blobs(70, 6, 3, N, 2);
        // allGather is a driver round trip per step (about a second here), so this run is shorter
        DataParallelResult result = SparkTrainer.fit(data, recipe, config(AllReduceKind.GATHER).steps(GATHER_STEPS)
                .build());
        SingleProcessReference.assertClose(singleProcess(recipe, data, 7, 0, GATHER_STEPS).weights(), result, 1e-5);
    }

    @Test
    void linearScalingAndWarmupEqualSingleProcessWithTheScaledSchedule() {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.02, false, 13);
        Dataset<Row> data = LocalSpark.blobs(80, 6, 3, N, 3);
        DataParallelResult result = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).linearScaling(true)
                .warmupSteps(4).build());
        SingleProcessReference.assertClose(singleProcess(recipe, data, 7, 4, STEPS).weights(), result, 1e-5);
    }

    @Test
    void aTaskThatFailsOnceIsRetriedFromTheCheckpointAndEndsWithTheSameWeights(@TempDir Path dir) {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.05, false, 14);
        Dataset<Row> data = LocalSpark.blobs(90, 6, 3, N, 4);
        DataParallelResult clean = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).build());
        Path marker = dir.resolve("failed-once");
        DataParallelResult retried = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING)
                .checkpointDir(dir.resolve("ckpt").toString()).build(), new FailOnce(marker.toString(), 1, 7));
        assertTrue(Files.exists(marker), "the injected failure happened");
        assertEquals(1, retried.failedAttempts());
        assertArrayEquals(clean.losses(), retried.losses());
        try (Scope s = Scope.open()) {
            Map<String, Tensor> a = clean.modelState(Device.cpu());
            Map<String, Tensor> b = retried.modelState(Device.cpu());
            assertEquals(a.keySet(), b.keySet());
            a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
        }
        assertTrue(Files.isRegularFile(dir.resolve("ckpt").resolve(SparkTrainer.CHECKPOINT_FILE)));
    }

    @Test
    void aRunResumesFromTheCheckpointTheDriverLeftInItsFolder(@TempDir Path dir) {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.05, false, 15);
        Dataset<Row> data = LocalSpark.blobs(90, 6, 3, N, 5);
        DataParallelResult whole = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).build());
        String ckpt = dir.toString();
        DataParallelResult first = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).steps(10)
                .checkpointDir(ckpt).build());
        DataParallelResult rest = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).checkpointDir(ckpt)
                .build());
        assertEquals(10, first.losses().length);
        assertEquals(10, rest.losses().length, "the resumed run only does the remaining steps");
        assertArrayEquals(whole.losses(), concat(first.losses(), rest.losses()));
        try (Scope s = Scope.open()) {
            Map<String, Tensor> a = whole.modelState(Device.cpu());
            Map<String, Tensor> b = rest.modelState(Device.cpu());
            a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
        }
    }

    @Test
    void localSgdAveragesTheReplicasAndStillLearns() {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.05, false, 16);
        Dataset<Row> data = LocalSpark.blobs(90, 6, 3, N, 6);
        DataParallelResult result = SparkTrainer.fit(data, recipe, config(AllReduceKind.RING).averageEvery(5)
                .build());
        assertEquals(STEPS, result.losses().length);
        assertTrue(result.losses()[STEPS - 1] < 0.8 * result.losses()[0], "local SGD lowers the loss: "
                + result.losses()[0] + " -> " + result.losses()[STEPS - 1]);
        long vectorBytes = 4L * (6 * 16 + 16 + 16 * 3 + 3);
        assertTrue(result.bytesSent() < STEPS * vectorBytes / 2, "averaging every 5 steps sends "
                + result.bytesSent() + " bytes, far less than a ring all-reduce of the gradients every step ("
                + STEPS + " x " + vectorBytes + ")");
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Throws once, on worker {@code rank} before step {@code step}, leaving {@code marker} so it never throws again. */
    record FailOnce(String marker, int rank, long step) implements WorkerHook {
        @Override
        public void beforeStep(int r, long t, int attempt) {
            if (r == rank && t == step && !Files.exists(Path.of(marker))) {
                try {
                    Files.createFile(Path.of(marker));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw new IllegalStateException("injected failure on worker " + r + " before step " + t);
            }
        }
    }

    /**
     * Plain single-process training with the recipe on the global batches of N*B rows: at step t, the concatenation
     * in rank order of each shard's rows chosen by {@link ShardOrder}; linear scaling and warm-up as documented.
     */
    private static SingleProcessReference.Result singleProcess(MlpRecipe recipe, Dataset<Row> data, long seed,
                                                               long warmup, int steps) {
        List<List<Row>> parts = data.javaRDD().glom().collect();
        int minRows = parts.stream().mapToInt(List::size).min().orElseThrow();
        int perEpoch = minRows / B;
        double base = recipe.lr() * (warmup > 0 ? N : 1);
        return SingleProcessReference.train(recipe, steps, t -> {
            List<Float> xs = new ArrayList<>();
            List<Integer> ys = new ArrayList<>();
            for (int r = 0; r < N; r++) {
                int[] rows = ShardOrder.batch(seed, t / perEpoch, r, parts.get(r).size(), B, t % perEpoch);
                for (int i : rows) {
                    Row row = parts.get(r).get(i);
                    for (Object v : row.getList(0)) {
                        xs.add((Float) v);
                    }
                    ys.add(row.getInt(1));
                }
            }
            float[] x = new float[xs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = xs.get(i);
            }
            return new SingleProcessReference.Rows(x, ys.stream().mapToInt(Integer::intValue).toArray());
        }, t -> t < warmup ? base * (1.0 / N + (1 - 1.0 / N) * t / warmup) : base);
    }
}

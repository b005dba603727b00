package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Tessera;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkTrainer#fitInOrder} on a real local[2] Spark: the workers split given global batches (of unequal sizes,
 * one of a single row, which leaves a worker nothing) and end with the weights of single-process training on those
 * batches; bad orders are one-line errors.
 */
class GlobalOrderTrainingTest {
    private static final int N = 2;

    @BeforeAll
    static void deterministic() {
        Tessera.setDeterministic(true);
    }

    @Test
    void theWorkersReplayTheGlobalBatchesOfASingleProcessRun() {
        MlpRecipe recipe = new MlpRecipe(6, 16, 3, 0.01, true, 21);
        Dataset<Row> data = LocalSpark.blobs(40, 6, 3, N, 8);
        List<int[]> batches = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int size = t % 4 == 3 ? 1 : 9 - t % 4; // 9, 8, 7, 1, 9, ...
            int[] b = new int[size];
            for (int i = 0; i < size; i++) {
                b[i] = (t * 13 + i * 7) % 40;
            }
            batches.add(b);
        }
        DataParallelConfig config = DataParallelConfig.builder().workers(N).checkpointEvery(5).build();
        DataParallelResult result = SparkTrainer.fitInOrder(data, batches, recipe, config);
        assertEquals(12, result.steps());
        SingleProcessReference.Result reference = singleProcess(recipe, data.collectAsList(), batches);
        for (int t = 0; t < 12; t++) {
            assertEquals(reference.losses()[t], result.losses()[t], 1e-5 * Math.abs(reference.losses()[t]),
                    "loss of step " + t);
        }
        SingleProcessReference.assertClose(reference.weights(), result, 1e-5);
    }

    @Test
    void anEmptyBatchARowOutsideTheDataOrLocalSgdIsAOneLineError() {
        MlpRecipe recipe = new MlpRecipe(6, 8, 3, 0.01, false, 22);
        Dataset<Row> data = LocalSpark.blobs(20, 6, 3, N, 9);
        DataParallelConfig config = DataParallelConfig.builder().workers(N).build();
        assertEquals("SparkTrainer: global batch 1 is empty; expected at least one row per step",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fitInOrder(data,
                        List.of(new int[]{0, 1}, new int[0]), recipe, config)).getMessage());
        assertEquals("SparkTrainer: global batch 0 names row 20 but the data has 20 rows (expected indices 0 to 19)",
                assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fitInOrder(data,
                        List.of(new int[]{3, 20}), recipe, config)).getMessage());
        assertEquals("SparkTrainer: a given global batch order needs synchronous SGD (averageEvery 1), got "
                + "averageEvery 5", assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fitInOrder(data,
                        List.of(new int[]{0}), recipe, DataParallelConfig.builder().workers(N).averageEvery(5)
                                .checkpointEvery(5).build())).getMessage());
    }

    @Test
    void eachWorkerTakesAContiguousNearEqualPart() {
        int[] batch = {10, 11, 12, 13, 14};
        assertArrayEquals(new int[]{10, 11}, GlobalOrder.part(batch, 0, 2));
        assertArrayEquals(new int[]{12, 13, 14}, GlobalOrder.part(batch, 1, 2));
        assertArrayEquals(new int[0], GlobalOrder.part(new int[]{7}, 0, 2));
        assertArrayEquals(new int[]{7}, GlobalOrder.part(new int[]{7}, 1, 2));
    }

    /** Plain training with the recipe's constant rate, one step per global batch. */
    private static SingleProcessReference.Result singleProcess(MlpRecipe recipe, List<Row> rows, List<int[]> batches) {
        int f = recipe.features();
        return SingleProcessReference.train(recipe, batches.size(), t -> {
            int[] b = batches.get(t);
            float[] x = new float[b.length * f];
            int[] y = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                List<Object> values = rows.get(b[i]).getList(0);
                for (int j = 0; j < f; j++) {
                    x[i * f + j] = (Float) values.get(j);
                }
                y[i] = rows.get(b[i]).getInt(1);
            }
            return new SingleProcessReference.Rows(x, y);
        }, t -> recipe.lr());
    }
}

package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Generator;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.testing.TorchFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In-memory batching: order, short last batch, reproducible shuffles, the order exposed for replaying. */
class TensorBatchesTest {
    private final Tensor x = Tensor.arange(0, 10, 1, dev.tessera.DType.FLOAT32, TorchFixture.DEVICE).reshape(10, 1);
    private final Tensor y = Tensor.arange(0, 10, 1, dev.tessera.DType.INT32, TorchFixture.DEVICE);

    private static List<int[]> labels(Iterator<Batch> it) {
        List<int[]> out = new ArrayList<>();
        while (it.hasNext()) {
            Batch b = it.next();
            assertArrayEquals(b.targets().toDoubleArray(), b.features().reshape(b.size()).toDoubleArray(), 0.0);
            out.add(b.targets().toIntArray());
        }
        return out;
    }

    @Test
    void inOrderWithAndWithoutTheShortLastBatch() {
        List<int[]> keep = labels(new TensorBatches(x, y, 4, false, false).epoch(new Generator(1)));
        assertEquals(3, keep.size());
        assertArrayEquals(new int[]{8, 9}, keep.get(2));
        assertEquals(2, new TensorBatches(x, y, 4, false, true).batchCount());
        assertEquals(2, labels(new TensorBatches(x, y, 4, false, true).epoch(new Generator(1))).size());
    }

    @Test
    void shuffleIsAPermutationReproducibleFromTheGeneratorAndNewEachEpoch() {
        TensorBatches b = new TensorBatches(x, y, 3, true, false);
        Generator g = new Generator(7);
        int[] first = flat(labels(b.epoch(g)));
        int[] second = flat(labels(b.epoch(g)));
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(first, second), "a new order each epoch");
        Generator again = new Generator(7);
        assertArrayEquals(first, flat(labels(b.epoch(again))));
        assertArrayEquals(second, flat(labels(b.epoch(again))));
    }

    @Test
    void orderIsTheRowOrderOfTheEpochTheSameGeneratorWouldGive() {
        TensorBatches b = new TensorBatches(x, y, 3, true, false);
        Generator forBatches = new Generator(9);
        Generator forOrder = new Generator(9);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertArrayEquals(flat(labels(b.epoch(forBatches))), b.order(forOrder), "epoch " + epoch);
        }
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                new TensorBatches(x, y, 3, false, false).order(new Generator(9)));
    }

    @Test
    void rejectsMismatchedFirstAxesAndBadBatchSize() {
        Tensor shortY = y.slice(0, 0, 9);
        assertEquals("TensorBatches: inputs [10, 1] and targets [9] must have the same first axis",
                assertThrows(IllegalArgumentException.class, () -> new TensorBatches(x, shortY, 2, false, false))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorBatches(x, y, 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Batch(x, shortY));
    }

    private static int[] flat(List<int[]> parts) {
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }
}

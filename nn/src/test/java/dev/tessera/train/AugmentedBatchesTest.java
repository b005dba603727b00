package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.data.Batch;
import dev.tessera.testing.TorchFixture;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random crops and flips of image batches: what each does, reproducibility, and the inputs refused. */
class AugmentedBatchesTest {
    private static final int N = 64;
    private static final int C = 2;
    private static final int H = 3;
    private static final int W = 4;
    /** Pixel values 1..N C H W, so no pixel is 0 and a zero can only be padding. */
    private final Tensor x = Tensor.arange(1, N * C * H * W + 1, 1, DType.FLOAT32, TorchFixture.DEVICE)
            .reshape(N, C, H, W);
    private final Tensor y = Tensor.arange(0, N, 1, DType.INT32, TorchFixture.DEVICE);
    private final float[] in = x.toFloatArray();

    private Batch only(BatchSource source, long seed) {
        Iterator<Batch> it = source.epoch(0, new Generator(seed));
        Batch b = it.next();
        assertFalse(it.hasNext());
        return b;
    }

    private static float at(float[] v, int n, int c, int i, int j) {
        return v[((n * C + c) * H + i) * W + j];
    }

    @Test
    void flippingWithProbabilityOneMirrorsEveryImageAndZeroLeavesItAlone() {
        Batch b = only(new AugmentedBatches(new TensorBatches(x, y, N, false, false), 0, 1), 3);
        assertEquals(Shape.of(N, C, H, W), b.features().shape());
        float[] out = b.features().toFloatArray();
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        assertEquals(at(in, n, c, i, W - 1 - j), at(out, n, c, i, j));
                    }
                }
            }
        }
        assertArrayEquals(y.toIntArray(), b.targets().toIntArray(), "targets pass unchanged");
        Batch same = only(new AugmentedBatches(new TensorBatches(x, y, N, false, false), 0, 0), 3);
        assertArrayEquals(in, same.features().toFloatArray());
    }

    @Test
    void cropsShiftEachImageByItsOwnOffsetWithinThePaddingFillingZeros() {
        float[] out = only(new AugmentedBatches(new TensorBatches(x, y, N, false, false), 1, 0), 5).features()
                .toFloatArray();
        Set<String> offsets = new HashSet<>();
        for (int n = 0; n < N; n++) {
            String found = null;
            for (int dy = -1; dy <= 1 && found == null; dy++) {
                for (int dx = -1; dx <= 1 && found == null; dx++) {
                    if (shiftedBy(out, n, dy, dx)) {
                        found = dy + "," + dx;
                    }
                }
            }
            assertTrue(found != null, "example " + n + " is no shift of its image by at most the padding");
            offsets.add(found);
        }
        assertTrue(offsets.size() >= 5, "64 examples draw many of the 9 offsets, got " + offsets);
    }

    private boolean shiftedBy(float[] out, int n, int dy, int dx) {
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    int si = i + dy;
                    int sj = j + dx;
                    float expected = si < 0 || si >= H || sj < 0 || sj >= W ? 0 : at(in, n, c, si, sj);
                    if (at(out, n, c, i, j) != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        BatchSource source = new AugmentedBatches(new TensorBatches(x, y, 16, true, false), 2, 0.5);
        assertEquals(4, source.batchCount());
        Iterator<Batch> a = source.epoch(0, new Generator(11));
        Iterator<Batch> b = source.epoch(0, new Generator(11));
        Iterator<Batch> c = source.epoch(0, new Generator(12));
        boolean differs = false;
        while (a.hasNext()) {
            Batch first = a.next();
            Batch second = b.next();
            float[] f = first.features().toFloatArray();
            assertArrayEquals(f, second.features().toFloatArray());
            assertArrayEquals(first.targets().toIntArray(), second.targets().toIntArray());
            differs |= !Arrays.equals(f, c.next().features().toFloatArray());
        }
        assertTrue(differs, "another seed draws other batches");
    }

    @Test
    void refusesBadSettingsAndBatchesThatAreNotImages() {
        TensorBatches images = new TensorBatches(x, y, N, false, false);
        assertThrows(IllegalArgumentException.class, () -> new AugmentedBatches(images, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AugmentedBatches(images, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new AugmentedBatches(images, 1, Double.NaN));
        BatchSource flat = new AugmentedBatches(new TensorBatches(x.reshape(N, C * H * W), y, N, false, false), 1,
                0.5);
        assertEquals("AugmentedBatches: expected image batches [B, C, H, W], got [64, 24]",
                assertThrows(IllegalArgumentException.class, () -> only(flat, 1)).getMessage());
    }
}

package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryDatasetTest {
    private static final Device REF = Device.of("reference");

    /** Four examples of shape [2, 3]: example i has values 10 i + k. */
    private static float[] images() {
        float[] v = new float[4 * 6];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 6; k++) {
                v[i * 6 + k] = 10 * i + k;
            }
        }
        return v;
    }

    @Test
    void gathersRowsInTheRequestedOrder() {
        InMemoryDataset d = InMemoryDataset.builder(Shape.of(2, 3)).features(images())
                .labels(new int[]{3, 1, 0, 2}, 4).classNames(List.of("a", "b", "c", "d")).build();
        assertEquals(4, d.size());
        assertEquals(TargetKind.CLASS, d.targetKind());
        try (Scope s = Scope.open()) {
            Batch b = d.batch(new int[]{2, 0, 2}, DType.FLOAT32, REF);
            assertArrayEquals(new int[]{3, 2, 3}, b.features().shape().dims());
            assertEquals(DType.FLOAT32, b.features().dtype());
            assertArrayEquals(new float[]{20, 21, 22, 23, 24, 25, 0, 1, 2, 3, 4, 5, 20, 21, 22, 23, 24, 25},
                    b.features().toFloatArray());
            assertArrayEquals(new int[]{0, 3, 0}, b.targets().toIntArray());
            Batch f64 = d.batch(new int[]{1}, DType.FLOAT64, REF);
            assertEquals(DType.FLOAT64, f64.features().dtype());
            assertEquals(15.0, f64.features().get(0, 1, 2));
        }
    }

    @Test
    void numericAndMissingTargets() {
        double[] x = {1, 2, 3, 4, 5, 6};
        InMemoryDataset reg = InMemoryDataset.builder(Shape.of(1)).features(x)
                .targets(new double[]{0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5}, Shape.of(2))
                .build();
        assertEquals(TargetKind.NUMERIC, reg.targetKind());
        assertEquals(0, reg.numClasses());
        try (Scope s = Scope.open()) {
            Batch b = reg.batch(new int[]{5, 0}, DType.FLOAT64, REF);
            assertArrayEquals(new int[]{2, 2}, b.targets().shape().dims());
            assertArrayEquals(new double[]{10.5, 11.5, 0.5, 1.5}, b.targets().toDoubleArray());
            assertEquals(DType.FLOAT32, reg.batch(new int[]{0}, DType.FLOAT32, REF).targets().dtype());
            InMemoryDataset none = InMemoryDataset.builder(Shape.of(2)).features(x).build();
            assertEquals(TargetKind.NONE, none.targetKind());
            assertNull(none.all(DType.FLOAT32, REF).targets());
        }
    }

    @Test
    void reshapesFeaturesWithoutCopying() {
        InMemoryDataset d = InMemoryDataset.builder(Shape.of(2, 3)).features(images()).labels(new int[4], 1).build();
        InMemoryDataset flat = d.withFeatureShape(Shape.of(6));
        try (Scope s = Scope.open()) {
            assertArrayEquals(new int[]{1, 6}, flat.batch(new int[]{3}, DType.FLOAT32, REF).features().shape().dims());
        }
        assertThrows(IllegalArgumentException.class, () -> d.withFeatureShape(Shape.of(5)));
    }

    @Test
    void badInputIsRefusedClearly() {
        InMemoryDataset.Builder b = InMemoryDataset.builder(Shape.of(5)).features(images());
        assertTrue(assertThrows(IllegalArgumentException.class, b::build).getMessage().contains("whole number"));
        InMemoryDataset.Builder labels = InMemoryDataset.builder(Shape.of(6)).features(images())
                .labels(new int[]{0, 1, 2, 7}, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, labels::build).getMessage().contains("label 7"));
        InMemoryDataset d = InMemoryDataset.builder(Shape.of(6)).features(images()).labels(new int[4], 1).build();
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> d.batch(new int[]{0, 4}, DType.FLOAT32, REF))
                .getMessage().contains("index 4 at position 1"));
        assertThrows(IllegalArgumentException.class, () -> d.batch(new int[]{0}, DType.INT32, REF));
        assertThrows(IllegalArgumentException.class, () -> InMemoryDataset.builder(Shape.of(1)).build());
    }

    @Test
    void subsetsMapIndices() {
        InMemoryDataset d = InMemoryDataset.builder(Shape.of(6)).features(images()).labels(new int[]{0, 1, 2, 3}, 4)
                .build();
        Subset s = d.subset(new int[]{3, 1});
        assertEquals(2, s.size());
        try (Scope scope = Scope.open()) {
            assertArrayEquals(new int[]{1, 3}, s.batch(new int[]{1, 0}, DType.FLOAT32, REF).targets().toIntArray());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[]{4}));
        assertThrows(IndexOutOfBoundsException.class, () -> s.batch(new int[]{2}, DType.FLOAT32, REF));
    }
}

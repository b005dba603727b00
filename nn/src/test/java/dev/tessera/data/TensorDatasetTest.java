package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
    private static final Device REF = Device.of("reference");

    @Test
    void selectsRowsAndConvertsFeatures() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.arange(0, 12, 1, DType.FLOAT64, REF).reshape(4, 3);
            Tensor y = Tensor.of(REF, new int[]{2, 0, 1, 2});
            TensorDataset d = new TensorDataset(x, y);
            assertEquals(4, d.size());
            assertEquals(Shape.of(3), d.featureShape());
            assertEquals(TargetKind.CLASS, d.targetKind());
            assertEquals(3, d.numClasses());
            Batch b = d.batch(new int[]{3, 1}, DType.FLOAT32, REF);
            assertEquals(DType.FLOAT32, b.features().dtype());
            assertArrayEquals(new float[]{9, 10, 11, 3, 4, 5}, b.features().toFloatArray());
            assertArrayEquals(new int[]{2, 0}, b.targets().toIntArray());
        }
    }

    @Test
    void numericTargetsFollowTheFeatureType() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(Shape.of(3, 2), DType.FLOAT32, REF);
            Tensor y = Tensor.of(REF, new float[]{1, 2, 3, 4, 5, 6}, 3, 2);
            TensorDataset d = new TensorDataset(x, y);
            assertEquals(TargetKind.NUMERIC, d.targetKind());
            assertEquals(Shape.of(2), d.targetShape());
            Batch b = d.batch(new int[]{2}, DType.FLOAT64, REF);
            assertEquals(DType.FLOAT64, b.targets().dtype());
            assertArrayEquals(new double[]{5, 6}, b.targets().toDoubleArray());
        }
    }

    @Test
    void inconsistentTensorsAreRefused() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(Shape.of(3, 2), DType.FLOAT32, REF);
            assertThrows(IllegalArgumentException.class, () -> new TensorDataset(x, Tensor.of(REF, new int[]{1, 2})));
            assertThrows(IllegalArgumentException.class, () -> new TensorDataset(x, Tensor.of(REF, new int[]{1, -2, 0})));
            assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.scalar(1, DType.FLOAT32, REF),
                    null));
            TensorDataset d = new TensorDataset(x, null);
            assertThrows(IndexOutOfBoundsException.class, () -> d.batch(new int[]{3}, DType.FLOAT32, REF));
        }
    }
}

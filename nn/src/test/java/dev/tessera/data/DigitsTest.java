package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import org.junit.jupiter.api.Test;

class DigitsTest {
    @Test
    void theEmbeddedTableHasTheUciTestSet() {
        InMemoryDataset d = Digits.load();
        assertEquals(1797, d.size());
        assertEquals(Shape.of(64), d.featureShape());
        assertEquals(10, d.numClasses());
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        assertArrayEquals(new int[]{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
        try (Scope s = Scope.open(); Batch all = d.all(DType.FLOAT32, Device.of("reference"))) {
            assertEquals(0.0, all.features().min().item());
            assertEquals(16.0, all.features().max().item());
            // the first image of the file (a zero), row by row
            assertArrayEquals(new float[]{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0},
                    all.features().select(0, 0).slice(0, 0, 16).toFloatArray());
            assertEquals(0, d.label(0));
            assertEquals(1, d.label(1));
        }
    }
}

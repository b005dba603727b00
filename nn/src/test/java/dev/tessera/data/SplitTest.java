package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Shape;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static InMemoryDataset rows(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return InMemoryDataset.builder(Shape.of(1)).features(x).build();
    }

    @Test
    void splitsIntoDisjointCompleteParts() {
        Split s = Split.random(rows(101), 0.2, 5);
        assertEquals(20, s.validation().size());
        assertEquals(81, s.train().size());
        BitSet seen = new BitSet();
        for (int i : s.train().indices()) {
            seen.set(i);
        }
        for (int i : s.validation().indices()) {
            assertFalse(seen.get(i), "index " + i + " is in both parts");
            seen.set(i);
        }
        assertEquals(101, seen.cardinality());
    }

    @Test
    void isReproducibleFromTheSeed() {
        InMemoryDataset d = rows(50);
        assertArrayEquals(Split.random(d, 10, 3).validation().indices(), Split.random(d, 10, 3).validation().indices());
        assertFalse(Arrays.equals(Split.random(d, 10, 3).validation().indices(),
                Split.random(d, 10, 4).validation().indices()));
    }

    @Test
    void edgeSizesAndBadArguments() {
        InMemoryDataset d = rows(4);
        assertEquals(0, Split.random(d, 0.0, 1).validation().size());
        assertEquals(4, Split.random(d, 1.0, 1).validation().size());
        assertThrows(IllegalArgumentException.class, () -> Split.random(d, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.random(d, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.random(d, 5, 1));
    }
}

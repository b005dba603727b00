package dev.tessera.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KMeansInitTest {
    private static final Device REF = Device.of("reference");

    /** Four tight groups of 5 points on a line at 0, 100, 200, 300 (group = index / 5). */
    private static Tensor groups() {
        double[] v = new double[40];
        for (int i = 0; i < 20; i++) {
            v[2 * i] = 100 * (i / 5) + 0.1 * (i % 5);
            v[2 * i + 1] = 0.2 * (i % 3);
        }
        return Tensor.of(REF, v, 20, 2);
    }

    @Test
    void kMeansPlusPlusSeedsEachSeparatedGroupOnce() {
        try (Scope s = Scope.open()) {
            for (long seed = 0; seed < 5; seed++) {
                int[] seeds = KMeansInit.seeds(groups(), 4, new Generator(seed));
                int[] group = Arrays.stream(seeds).map(i -> i / 5).sorted().toArray();
                assertArrayEquals(new int[]{0, 1, 2, 3}, group, "seed " + seed + ": " + Arrays.toString(seeds));
                assertArrayEquals(seeds, KMeansInit.seeds(groups(), 4, new Generator(seed)));
            }
        }
    }

    @Test
    void lloydMovesTwoSeedsInOneGroupApart() {
        try (Scope s = Scope.open()) {
            // seeds in groups 0, 1, 2, 2 and none in group 3: the iterations must still separate all four groups
            int[] labels = KMeansInit.lloyd(groups(), new int[]{0, 6, 11, 12}, 100);
            for (int i = 0; i < 20; i++) {
                assertEquals(labels[(i / 5) * 5], labels[i], "point " + i);
            }
            assertEquals(4, Arrays.stream(labels).distinct().count());
        }
    }

    @Test
    void drawsAreUniformAndReproducible() {
        double[] u = Draws.uniform(new Generator(3), 20000);
        double mean = Arrays.stream(u).average().orElseThrow();
        assertEquals(0.5, mean, 0.01);
        assertEquals(1.0 / 12, Arrays.stream(u).map(v -> (v - mean) * (v - mean)).average().orElseThrow(), 0.003);
        assertEquals(0, Arrays.stream(u).filter(v -> v < 0 || v >= 1).count());
        assertArrayEquals(u, Draws.uniform(new Generator(3), 20000));
    }
}

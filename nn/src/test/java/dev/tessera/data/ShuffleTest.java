package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.random.Philox;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShuffleTest {
    @Test
    void isAPermutationAndReproducible() {
        int[] p = Shuffle.permutation(1000, 7, 3);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, Shuffle.permutation(1000, 7, 3));
        assertFalse(Arrays.equals(p, Shuffle.permutation(1000, 8, 3)));
        assertFalse(Arrays.equals(p, Shuffle.permutation(1000, 7, 4)));
        assertEquals(0, Shuffle.permutation(0, 1, 0).length);
        assertArrayEquals(new int[]{0}, Shuffle.permutation(1, 1, 0));
    }

    @Test
    void followsTheSpecifiedPhiloxFisherYates() {
        long seed = 0x1234_5678_9abcL;
        long stream = 5;
        int n = 50;
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i;
        }
        long w = stream << 36;
        for (int i = n - 1; i > 0; i--) {
            long bound = i + 1;
            long m;
            do {
                m = (Philox.word(seed, w++) & 0xffffffffL) * bound;
            } while ((m & 0xffffffffL) < ((1L << 32) - bound) % bound);
            int j = (int) (m >>> 32);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, Shuffle.permutation(n, seed, stream));
    }

    @Test
    void allOrdersOfThreeAreEquallyLikely() {
        Map<String, Integer> counts = new HashMap<>();
        int draws = 6000;
        for (int s = 0; s < draws; s++) {
            counts.merge(Arrays.toString(Shuffle.permutation(3, 99, s)), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        double chi2 = 0;
        for (int c : counts.values()) {
            chi2 += Math.pow(c - draws / 6.0, 2) / (draws / 6.0);
        }
        assertTrue(chi2 < 20.5, "chi-square " + chi2 + " with 5 degrees of freedom (p < 0.001 above 20.5)");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Shuffle.permutation(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Shuffle.permutation(3, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Shuffle.permutation(3, 0, 1L << 27));
    }
}

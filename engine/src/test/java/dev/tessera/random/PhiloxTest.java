package dev.tessera.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.RandomDistribution;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class PhiloxTest {
    /** Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors). */
    @Test
    void matchesRandom123KnownAnswers() {
        int[] out = new int[4];
        Philox.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void streamWordsFollowTheCounterLayout() {
        long seed = 0x1234_5678_9abc_def0L;
        int[] block = new int[4];
        Philox.block(5, 0, 0, 0, (int) seed, (int) (seed >>> 32), block);
        for (int j = 0; j < 4; j++) {
            assertEquals(block[j], Philox.word(seed, 20 + j));
        }
    }

    @Test
    void uniformIsInUnitIntervalWithCorrectMoments() {
        float[] u = new float[200_000];
        Philox.fill(RandomDistribution.UNIFORM, 7, 0, 0, 1, 0, u.length, u, 0);
        assertEquals(0.5, mean(u, x -> x >= 0 && x < 1), 0.003);
    }

    @Test
    void normalHasZeroMeanUnitVariance() {
        float[] z = new float[200_000];
        Philox.fill(RandomDistribution.NORMAL, 11, 0, 0, 1, 0, z.length, z, 0);
        double mean = 0;
        double sq = 0;
        for (float x : z) {
            assertTrue(Float.isFinite(x));
            mean += x;
            sq += x * x;
        }
        mean /= z.length;
        double var = sq / z.length - mean * mean;
        assertEquals(0, mean, 0.01);
        assertEquals(1, var, 0.01);
    }

    @Test
    void polynomialLogAndCosAreAccurate() {
        for (int k = 1; k <= 1 << 24; k += 9973) {
            float u = k * 0x1.0p-24f;
            assertEquals(Math.log(u), Philox.log(u), 2e-7 * Math.max(1, Math.abs(Math.log(u))), "log " + u);
            assertEquals(Math.cos(2 * Math.PI * u), Philox.cos2Pi(u == 1f ? 0f : u), 3e-7, "cos " + u);
        }
    }

    @Test
    void bernoulliFrequencyMatchesP() {
        float[] b = new float[100_000];
        Philox.fill(RandomDistribution.BERNOULLI, 3, 64, 0.3, 0, 0, b.length, b, 0);
        assertEquals(0.3, mean(b, x -> x == 0f || x == 1f), 0.005);
    }

    /** The mean of {@code v}, after asserting that every element satisfies {@code allowed}. */
    private static double mean(float[] v, DoublePredicate allowed) {
        double sum = 0;
        for (float x : v) {
            assertTrue(allowed.test(x), "value " + x);
            sum += x;
        }
        return sum / v.length;
    }
}

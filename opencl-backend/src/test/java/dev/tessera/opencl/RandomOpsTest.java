package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.random.Philox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks that random.cl reproduces {@link Philox#fill} bit for bit: raw float bits, every distribution. */
class RandomOpsTest {
    /** Seeds with both key words in use, a negative seed, and stream offsets past 2^32 blocks. */
    private static final long[] SEEDS = {0, 0x5EED, -7, 0x123456789ABCDEFL};
    private static final long[] OFFSETS = {0, 4, 1 << 20, (1L << 36) + 8};
    private static final int[] COUNTS = {1, 2, 3, 5, 1001, 65_537};

    @ParameterizedTest
    @EnumSource(RandomDistribution.class)
    void matchesPhiloxBitForBit(RandomDistribution dist) {
        Backend cl = ClTesting.device();
        for (long seed : SEEDS) {
            for (long offset : OFFSETS) {
                for (int count : COUNTS) {
                    double a = dist == RandomDistribution.BERNOULLI ? 0.3 : -1.5;
                    double b = dist == RandomDistribution.BERNOULLI ? 0 : 2.25;
                    float[] expected = new float[count];
                    Philox.fill(dist, seed, offset, a, b, 0, count, expected, 0);
                    Buffer buf = cl.allocate(DType.FLOAT32, count);
                    cl.random(dist, buf, count, seed, offset, a, b);
                    float[] actual = new float[count];
                    cl.read(buf, 0, actual, 0, count);
                    cl.free(buf);
                    assertArrayEquals(bits(expected), bits(actual), dist + " seed " + seed + " offset " + offset
                            + " count " + count);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RandomDistribution.class)
    void doubleOutputIsTheWidenedFloatStream(RandomDistribution dist) {
        Backend cl = ClTesting.device();
        int count = 777;
        float[] expected = new float[count];
        Philox.fill(dist, 42, 8, 0.25, 3, 0, count, expected, 0);
        Buffer buf = cl.allocate(DType.FLOAT64, count);
        cl.random(dist, buf, count, 42, 8, 0.25, 3);
        double[] actual = new double[count];
        cl.read(buf, 0, actual, 0, count);
        cl.free(buf);
        double[] widened = new double[count];
        for (int i = 0; i < count; i++) {
            widened[i] = expected[i];
        }
        assertArrayEquals(widened, actual, 0.0, dist + " as FLOAT64");
    }

    @Test
    void divisionRoundedThroughDoubleGivesTheSameBits() {
        Backend cl = ClTesting.device();
        RandomOps viaDouble = new RandomOps(((OpenClBackend) cl).context(), true);
        int count = 4099;
        for (RandomDistribution dist : RandomDistribution.values()) {
            float[] expected = new float[count];
            Philox.fill(dist, 99, 12, 0.5, 1.5, 0, count, expected, 0);
            Buffer buf = cl.allocate(DType.FLOAT32, count);
            viaDouble.random(dist, (ClBuffer) buf, count, 99, 12, 0.5, 1.5);
            float[] actual = new float[count];
            cl.read(buf, 0, actual, 0, count);
            cl.free(buf);
            assertArrayEquals(bits(expected), bits(actual), dist + " with division through double");
        }
    }

    @Test
    void rejectsAnOffsetThatIsNotABlockBoundary() {
        Backend cl = ClTesting.device();
        Buffer buf = cl.allocate(DType.FLOAT32, 4);
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> cl.random(RandomDistribution.UNIFORM, buf, 4, 1, 6, 0, 1));
        } finally {
            cl.free(buf);
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}

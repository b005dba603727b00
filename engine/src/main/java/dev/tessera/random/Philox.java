package dev.tessera.random;

import dev.tessera.backend.RandomDistribution;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11) and the specification of
 * Tessera's random streams, which every backend reproduces bit for bit.
 *
 * <h2>The stream</h2>
 * A 64-bit seed gives the key {@code (k0, k1) = (low 32 bits, high 32 bits)}. Word {@code w} (a non-negative long)
 * of the stream is word {@code w mod 4} of {@code philox(counter, key)} with
 * {@code counter = (low32(w / 4), high32(w / 4), 0, 0)}. A draw of {@code n} elements at stream offset
 * {@code off} (a multiple of 4) gives element {@code i} the words {@code off + i*k ... off + i*k + k - 1}, where
 * {@code k} is {@link RandomDistribution#wordsPerElement()}.
 *
 * <h2>From words to numbers</h2>
 * All arithmetic below is IEEE binary32 with round-to-nearest, one rounding per operation, in the order written
 * and without fused multiply-add (GPU kernels use {@code __fmul_rn}/{@code __fadd_rn} or {@code FP_CONTRACT OFF}):
 * <ul>
 * <li>uniform: {@code u = (word >>> 8) * 2^-24}, in [0, 1);</li>
 * <li>UNIFORM(a, b): {@code a + (b - a) * u};</li>
 * <li>BERNOULLI(p): {@code u < p ? 1 : 0};</li>
 * <li>NORMAL(mean, std): {@code u1 = ((w0 >>> 8) + 1) * 2^-24} in (0, 1], {@code u2 = (w1 >>> 8) * 2^-24},
 *     {@code z = sqrt(-2 * log(u1)) * cos(2 pi u2)}, result {@code mean + std * z}, where log and cos are the
 *     polynomial forms {@link #log} and {@link #cos2Pi} (IEEE sqrt is correctly rounded everywhere).</li>
 * </ul>
 * A FLOAT64 result is the binary32 value widened (a, b, p, mean and std are first rounded to binary32).
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final float TWO_POW_M24 = 0x1.0p-24f;
    private static final float LN2_HI = 0.693145752f;        // 0x3f317200: ln 2 rounded to 16 bits
    private static final float LN2_LO = 1.42860677e-06f;     // ln 2 - LN2_HI
    private static final float TWO_PI = 6.28318548f;

    private Philox() {
    }

    /**
     * The 10-round Philox4x32 bijection of {@code counter} (4 words) under {@code key} (2 words), into {@code out}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xffffffffL) * (c0 & 0xffffffffL);
            long p1 = (M1 & 0xffffffffL) * (c2 & 0xffffffffL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Word {@code w} of the stream of {@code seed}. */
    public static int word(long seed, long w) {
        int[] out = new int[4];
        long blockIndex = w >>> 2;
        block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
        return out[(int) (w & 3)];
    }

    /** {@code (word >>> 8) * 2^-24}: a uniform float in [0, 1) with 24 random bits. */
    public static float uniform(int word) {
        return (word >>> 8) * TWO_POW_M24;
    }

    /** A standard normal from two words by the specified Box-Muller form. */
    public static float normal(int w0, int w1) {
        float u1 = ((w0 >>> 8) + 1) * TWO_POW_M24;
        float u2 = (w1 >>> 8) * TWO_POW_M24;
        float r = (float) Math.sqrt(-2.0f * log(u1));
        return r * cos2Pi(u2);
    }

    /**
     * Natural log of a positive normal float by exact range reduction {@code x = m 2^e}, {@code m} in
     * [sqrt(1/2), sqrt(2)), and {@code ln m = 2 atanh(s)}, {@code s = (m-1)/(m+1)}, summed to s^9; relative error
     * below 1e-7 on (0, 1].
     */
    public static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        int e = ((bits >>> 23) & 0xff) - 127;
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
        if (m > 1.41421356f) {
            m = m * 0.5f;
            e = e + 1;
        }
        float s = (m - 1.0f) / (m + 1.0f);
        float z = s * s;
        float p = 2.0f / 9.0f;
        p = p * z + 2.0f / 7.0f;
        p = p * z + 2.0f / 5.0f;
        p = p * z + 2.0f / 3.0f;
        p = p * z + 2.0f;
        float lnM = s * p;
        float ef = e;
        return ef * LN2_HI + (ef * LN2_LO + lnM);
    }

    /**
     * {@code cos(2 pi u)} for u in [0, 1) a multiple of 2^-24: exact reflection to {@code w = 1/4 - v} with
     * {@code v = min(u, 1-u)}, then {@code sin(2 pi w)} by its Taylor polynomial to degree 13 (error below 1e-9).
     */
    public static float cos2Pi(float u) {
        float v = u < 0.5f ? u : 1.0f - u;
        float w = 0.25f - v;
        float t = w * TWO_PI;
        float z = t * t;
        float p = 1.0f / 6227020800.0f;
        p = p * z - 1.0f / 39916800.0f;
        p = p * z + 1.0f / 362880.0f;
        p = p * z - 1.0f / 5040.0f;
        p = p * z + 1.0f / 120.0f;
        p = p * z - 1.0f / 6.0f;
        p = p * z + 1.0f;
        return t * p;
    }

    /**
     * Writes elements {@code [first, first + count)} of a draw into {@code out[outOffset ...]} as floats: the
     * scalar specification every backend is tested against.
     */
    public static void fill(RandomDistribution dist, long seed, long streamOffset, double a, double b,
                            long first, int count, float[] out, int outOffset) {
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        int[] block = new int[4];
        long cachedBlock = -1;
        int per = dist.wordsPerElement();
        float fa = (float) a;
        float fb = (float) b;
        for (int i = 0; i < count; i++) {
            long w = streamOffset + (first + i) * per;
            int[] words = new int[per];
            for (int j = 0; j < per; j++) {
                long blockIndex = (w + j) >>> 2;
                if (blockIndex != cachedBlock) {
                    block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, k0, k1, block);
                    cachedBlock = blockIndex;
                }
                words[j] = block[(int) ((w + j) & 3)];
            }
            out[outOffset + i] = switch (dist) {
                case UNIFORM -> fa + (fb - fa) * uniform(words[0]);
                case BERNOULLI -> uniform(words[0]) < fa ? 1.0f : 0.0f;
                case NORMAL -> fa + fb * normal(words[0], words[1]);
            };
        }
    }
}

package dev.tessera.data;

import dev.tessera.nn.Require;
import dev.tessera.random.Philox;

/**
 * Seeded random permutations from Philox4x32-10 words (see {@link Philox}), so an order depends only on
 * (seed, stream, n): the same on every machine and JVM, and independent of {@code java.util.Random}.
 *
 * <p>Stream {@code s} reads the Philox words of key {@code seed} from word offset {@code s * 2^36} on; a permutation
 * of n elements uses about n words. {@link Split} uses stream 0, epoch {@code e} of a {@link DataLoader} stream
 * {@code e + 1}.
 */
public final class Shuffle {
    private static final int STREAM_SHIFT = 36;

    private Shuffle() {
    }

    /**
     * A uniformly random permutation of {@code 0..n-1}: Fisher-Yates from the last position down, each swap
     * partner drawn exactly uniformly from {@code [0, i]} by Lemire's multiply-and-reject method on 32-bit words.
     *
     * @throws IllegalArgumentException for a negative n or a stream outside {@code [0, 2^27)}
     */
    public static int[] permutation(int n, long seed, long stream) {
        Require.atLeast("Shuffle.permutation", "n", n, 0);
        if (stream < 0 || stream >= 1L << (63 - STREAM_SHIFT)) {
            throw new IllegalArgumentException("Shuffle.permutation: stream must be in [0, 2^27), got " + stream);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Words words = new Words(seed, stream << STREAM_SHIFT);
        for (int i = n - 1; i > 0; i--) {
            int j = words.below(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Consecutive Philox words from a start offset, computed one block of four at a time. */
    private static final class Words {
        private final int k0;
        private final int k1;
        private final int[] block = new int[4];
        private long next;

        Words(long seed, long start) {
            this.k0 = (int) seed;
            this.k1 = (int) (seed >>> 32);
            this.next = start;
        }

        int next() {
            if ((next & 3) == 0) {
                long b = next >>> 2;
                Philox.block((int) b, (int) (b >>> 32), 0, 0, k0, k1, block);
            }
            return block[(int) (next++ & 3)];
        }

        /** A uniform integer in {@code [0, bound)} (Lemire 2019, rejection makes it exact). */
        int below(int bound) {
            long m = (next() & 0xffffffffL) * bound;
            long low = m & 0xffffffffL;
            if (low < bound) {
                long threshold = ((1L << 32) - bound) % bound;
                while (low < threshold) {
                    m = (next() & 0xffffffffL) * bound;
                    low = m & 0xffffffffL;
                }
            }
            return (int) (m >>> 32);
        }
    }
}

package dev.tessera.stats;

import dev.tessera.Generator;
import dev.tessera.random.Philox;

/** Uniform random doubles on the host from a {@link Generator}'s Philox stream (the same on every machine). */
final class Draws {
    private static final double TWO_POW_M53 = 0x1.0p-53;

    private Draws() {
    }

    /**
     * {@code m} doubles uniform on [0, 1), each with 53 random bits from two consecutive stream words (27 high bits of
     * the first, 26 of the second); reserves {@code 2m} words of {@code g}.
     */
    static double[] uniform(Generator g, int m) {
        long at = g.reserve(2L * m);
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            long hi = (Philox.word(g.seed(), at + 2L * i) & 0xffffffffL) >>> 5;
            long lo = (Philox.word(g.seed(), at + 2L * i + 1) & 0xffffffffL) >>> 6;
            out[i] = ((hi << 26) | lo) * TWO_POW_M53;
        }
        return out;
    }
}

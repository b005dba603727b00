package dev.tessera.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 to and from FLOAT16 and BFLOAT16 bits in int lanes, without branches, bit for bit as
 * {@link dev.tessera.HalfFloats}: narrowing rounds to nearest even (an add at the dropped bits for normal results;
 * a float add of 0.5 for FLOAT16 subnormals, whose ulp is then the dropped part), overflows to infinity, keeps the
 * sign of zero and quiets NaN keeping its high payload bits; widening is exact. Each loop covers
 * {@code bound} elements, a multiple of {@link #L}; callers finish the tail with the scalar conversion. One loop
 * per method, so C2 keeps the vectors in registers. Conversions are cast to their concrete type rather than
 * reinterpreted: an identity {@code reinterpretAs...} call puts a second receiver class into the profile of the API's
 * shared reinterpret method, after which C2 stops intrinsifying it and boxes every vector (FLOAT16 adds ran 30 times
 * slower that way).
 */
final class VectorHalf {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Shorts with as many lanes as {@link #I}. */
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class,
            VectorShape.forBitSize(I.vectorBitSize() / 2));
    /** Elements per iteration. */
    static final int L = I.length();

    private static final int ABS = 0x7fff_ffff;
    private static final int INF = 0x7f80_0000;
    /** Binary32 exponent bias minus binary16's, in the exponent field. */
    private static final int REBIAS = (127 - 15) << 23;
    /** 2^-14, the smallest normal FLOAT16, as float bits. */
    private static final int FLOAT16_MIN_NORMAL = 0x3880_0000;
    /** 65520 as float bits: this and above round to infinity in FLOAT16. */
    private static final int FLOAT16_OVERFLOW = 0x477f_f000;
    /** 0.5f: added to a FLOAT16 subnormal, its ulp (2^-24) becomes the float's, rounding it to nearest even. */
    private static final int HALF_BITS = 0x3f00_0000;

    private VectorHalf() {
    }

    static void narrowFloat16(float[] x, int xo, short[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += L) {
            IntVector b = FloatVector.fromArray(F, x, xo + i).reinterpretAsInts();
            IntVector abs = b.and(ABS);
            IntVector normal = abs.add(abs.lanewise(VectorOperators.LSHR, 13).and(1).add(0xfff)).sub(REBIAS)
                    .lanewise(VectorOperators.LSHR, 13);
            IntVector subnormal = abs.reinterpretAsFloats().add(0.5f).reinterpretAsInts().sub(HALF_BITS);
            IntVector nan = abs.lanewise(VectorOperators.LSHR, 13).and(0x3ff).or(0x7e00);
            IntVector r = normal.blend(subnormal, abs.compare(VectorOperators.LT, FLOAT16_MIN_NORMAL))
                    .blend(0x7c00, abs.compare(VectorOperators.GE, FLOAT16_OVERFLOW))
                    .blend(nan, abs.compare(VectorOperators.GT, INF))
                    .or(b.lanewise(VectorOperators.LSHR, 16).and(0x8000));
            ((ShortVector) r.convertShape(VectorOperators.I2S, S, 0)).intoArray(y, yo + i);
        }
    }

    static void widenFloat16(short[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += L) {
            IntVector h = (IntVector) ShortVector.fromArray(S, x, xo + i).convertShape(VectorOperators.S2I, I, 0);
            IntVector em = h.and(0x7fff);
            IntVector shifted = em.lanewise(VectorOperators.LSHL, 13);
            IntVector subnormal = ((FloatVector) em.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).reinterpretAsInts();
            VectorMask<Integer> tiny = em.compare(VectorOperators.LT, 0x400);
            IntVector r = shifted.add(REBIAS).blend(subnormal, tiny)
                    .blend(shifted.or(INF), em.compare(VectorOperators.GE, 0x7c00))
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16));
            r.reinterpretAsFloats().intoArray(y, yo + i);
        }
    }

    static void narrowBFloat16(float[] x, int xo, short[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += L) {
            IntVector b = FloatVector.fromArray(F, x, xo + i).reinterpretAsInts();
            IntVector high = b.lanewise(VectorOperators.LSHR, 16);
            IntVector r = b.add(high.and(1).add(0x7fff)).lanewise(VectorOperators.LSHR, 16)
                    .blend(high.or(0x40), b.and(ABS).compare(VectorOperators.GT, INF));
            ((ShortVector) r.convertShape(VectorOperators.I2S, S, 0)).intoArray(y, yo + i);
        }
    }

    static void widenBFloat16(short[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += L) {
            ((IntVector) ShortVector.fromArray(S, x, xo + i).convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(y, yo + i);
        }
    }
}

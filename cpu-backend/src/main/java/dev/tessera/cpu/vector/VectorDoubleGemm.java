package dev.tessera.cpu.vector;

import dev.tessera.cpu.gemm.DoubleGemmKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT64 GEMM micro-kernel in the preferred vector species: a tile of MR rows by two vectors of columns
 * (8 x 16 with 512-bit vectors, 16 accumulators; 6 x 2 vectors for narrower species with 16 registers), one fused
 * multiply-add per accumulator per step of depth (see {@link VectorFloatGemm} for the tile choice). The tiles are unrolled by hand (generated): the accumulators must be locals for C2 to keep them in
 * registers, and the packed A rows sit at the constant stride {@link #KC} so their loads need no extra registers.
 * C is read, added to and written once per call; a call that must overwrite C first zeroes its tile. Packing copies
 * with vectors; transposed operands are packed by the scalar loops (a double gather would need a second int species
 * next to the float one, see {@link VectorKernels}).
 */
final class VectorDoubleGemm extends DoubleGemmKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    private static final int NR = 2 * L;
    private static final boolean WIDE = L >= 8;
    /** Block depth and packed A row stride: a 192 x 16 B panel (24 KiB) and an 8-row A panel fit L1. */
    private static final int KC = 192;

    VectorDoubleGemm() {
        super(WIDE ? 8 : 6, NR, KC, WIDE ? 8 * 21 : 6 * 28, 384);
    }

    @Override
    public String describe() {
        return "vector " + mr + "x" + nr + " fp64";
    }

    @Override
    public void kernel(int kc, Object apArray, int ao, Object bpArray, int bo, Object cArray, int co, int ldc,
                       boolean accumulate) {
        double[] c = (double[]) cArray;
        if (!accumulate) {
            DoubleVector z = DoubleVector.zero(D);
            for (int r = 0; r < mr; r++) {
                z.intoArray(c, co + r * ldc);
                z.intoArray(c, co + r * ldc + L);
            }
        }
        if (WIDE) {
            kernel8(kc, (double[]) apArray, ao, (double[]) bpArray, bo, c, co, ldc);
        } else {
            kernel6(kc, (double[]) apArray, ao, (double[]) bpArray, bo, c, co, ldc);
        }
    }

    @Override
    protected void packRows(double[] b, int src, int ldb, int kc, int nc, int t0, int t1, double[] dst, int d) {
        int full = Math.min(t1, nc / NR);
        if (full <= t0) {
            super.packRows(b, src, ldb, kc, nc, t0, t1, dst, d);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int row = src + p * ldb;
            for (int t = t0; t < full; t++) {
                int o = d + t * NR * kc + p * NR;
                DoubleVector.fromArray(D, b, row + t * NR).intoArray(dst, o);
                DoubleVector.fromArray(D, b, row + t * NR + L).intoArray(dst, o + L);
            }
        }
        if (full < t1) {
            super.packRows(b, src, ldb, kc, nc, full, t1, dst, d);
        }
    }

    /** The 8 x (2 vectors) tile: 16 accumulators, 8 broadcasts of A and two loads of B per step. */
    private static void kernel8(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
        DoubleVector z = DoubleVector.zero(D);
        DoubleVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z, c6a = z, c6b = z, c7a = z, c7b = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(D, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(D, bp, bi + L);
            DoubleVector a;
            a = DoubleVector.broadcast(D, ap[ai]);
            c0a = a.fma(b0, c0a);
            c0b = a.fma(b1, c0b);
            a = DoubleVector.broadcast(D, ap[ai + KC]);
            c1a = a.fma(b0, c1a);
            c1b = a.fma(b1, c1b);
            a = DoubleVector.broadcast(D, ap[ai + 2 * KC]);
            c2a = a.fma(b0, c2a);
            c2b = a.fma(b1, c2b);
            a = DoubleVector.broadcast(D, ap[ai + 3 * KC]);
            c3a = a.fma(b0, c3a);
            c3b = a.fma(b1, c3b);
            a = DoubleVector.broadcast(D, ap[ai + 4 * KC]);
            c4a = a.fma(b0, c4a);
            c4b = a.fma(b1, c4b);
            a = DoubleVector.broadcast(D, ap[ai + 5 * KC]);
            c5a = a.fma(b0, c5a);
            c5b = a.fma(b1, c5b);
            a = DoubleVector.broadcast(D, ap[ai + 6 * KC]);
            c6a = a.fma(b0, c6a);
            c6b = a.fma(b1, c6b);
            a = DoubleVector.broadcast(D, ap[ai + 7 * KC]);
            c7a = a.fma(b0, c7a);
            c7b = a.fma(b1, c7b);
        }
        DoubleVector.fromArray(D, c, co).add(c0a).intoArray(c, co);
        DoubleVector.fromArray(D, c, co + L).add(c0b).intoArray(c, co + L);
        DoubleVector.fromArray(D, c, co + ldc).add(c1a).intoArray(c, co + ldc);
        DoubleVector.fromArray(D, c, co + ldc + L).add(c1b).intoArray(c, co + ldc + L);
        DoubleVector.fromArray(D, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
        DoubleVector.fromArray(D, c, co + 2 * ldc + L).add(c2b).intoArray(c, co + 2 * ldc + L);
        DoubleVector.fromArray(D, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
        DoubleVector.fromArray(D, c, co + 3 * ldc + L).add(c3b).intoArray(c, co + 3 * ldc + L);
        DoubleVector.fromArray(D, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
        DoubleVector.fromArray(D, c, co + 4 * ldc + L).add(c4b).intoArray(c, co + 4 * ldc + L);
        DoubleVector.fromArray(D, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
        DoubleVector.fromArray(D, c, co + 5 * ldc + L).add(c5b).intoArray(c, co + 5 * ldc + L);
        DoubleVector.fromArray(D, c, co + 6 * ldc).add(c6a).intoArray(c, co + 6 * ldc);
        DoubleVector.fromArray(D, c, co + 6 * ldc + L).add(c6b).intoArray(c, co + 6 * ldc + L);
        DoubleVector.fromArray(D, c, co + 7 * ldc).add(c7a).intoArray(c, co + 7 * ldc);
        DoubleVector.fromArray(D, c, co + 7 * ldc + L).add(c7b).intoArray(c, co + 7 * ldc + L);
    }

    /** The 6 x (2 vectors) tile: 12 accumulators, 6 broadcasts of A and two loads of B per step. */
    private static void kernel6(int kc, double[] ap, int ao, double[] bp, int bo, double[] c, int co, int ldc) {
        DoubleVector z = DoubleVector.zero(D);
        DoubleVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(D, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(D, bp, bi + L);
            DoubleVector a;
            a = DoubleVector.broadcast(D, ap[ai]);
            c0a = a.fma(b0, c0a);
            c0b = a.fma(b1, c0b);
            a = DoubleVector.broadcast(D, ap[ai + KC]);
            c1a = a.fma(b0, c1a);
            c1b = a.fma(b1, c1b);
            a = DoubleVector.broadcast(D, ap[ai + 2 * KC]);
            c2a = a.fma(b0, c2a);
            c2b = a.fma(b1, c2b);
            a = DoubleVector.broadcast(D, ap[ai + 3 * KC]);
            c3a = a.fma(b0, c3a);
            c3b = a.fma(b1, c3b);
            a = DoubleVector.broadcast(D, ap[ai + 4 * KC]);
            c4a = a.fma(b0, c4a);
            c4b = a.fma(b1, c4b);
            a = DoubleVector.broadcast(D, ap[ai + 5 * KC]);
            c5a = a.fma(b0, c5a);
            c5b = a.fma(b1, c5b);
        }
        DoubleVector.fromArray(D, c, co).add(c0a).intoArray(c, co);
        DoubleVector.fromArray(D, c, co + L).add(c0b).intoArray(c, co + L);
        DoubleVector.fromArray(D, c, co + ldc).add(c1a).intoArray(c, co + ldc);
        DoubleVector.fromArray(D, c, co + ldc + L).add(c1b).intoArray(c, co + ldc + L);
        DoubleVector.fromArray(D, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
        DoubleVector.fromArray(D, c, co + 2 * ldc + L).add(c2b).intoArray(c, co + 2 * ldc + L);
        DoubleVector.fromArray(D, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
        DoubleVector.fromArray(D, c, co + 3 * ldc + L).add(c3b).intoArray(c, co + 3 * ldc + L);
        DoubleVector.fromArray(D, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
        DoubleVector.fromArray(D, c, co + 4 * ldc + L).add(c4b).intoArray(c, co + 4 * ldc + L);
        DoubleVector.fromArray(D, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
        DoubleVector.fromArray(D, c, co + 5 * ldc + L).add(c5b).intoArray(c, co + 5 * ldc + L);
    }
}

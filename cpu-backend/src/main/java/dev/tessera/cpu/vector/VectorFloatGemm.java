package dev.tessera.cpu.vector;

import dev.tessera.cpu.gemm.FloatGemmKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 GEMM micro-kernel in the preferred vector species: a tile of MR rows by two vectors of columns
 * (8 x 32 with 512-bit vectors: 16 accumulators, enough to cover the FMA latency on two ports; 6 x 2 vectors for
 * narrower species with 16 registers), one fused multiply-add per accumulator per step of depth. The tiles are
 * unrolled by hand (generated): the accumulators must be locals for C2 to keep them in registers, and the packed A
 * rows sit at the constant stride {@link #KC} so their loads need no extra registers. A 14 x 32 tile (28
 * accumulators) is faster in isolation, but in a large application C2 compiled it with 26 of its 28 stores not
 * intrinsified (a quarter slower training steps); 8 rows compile reliably, are 4-7% faster than 7 and 10 as fast,
 * and divide power-of-two batch sizes.
 * C is read, added to and written once per call; a call that must overwrite C first zeroes its tile. Packing copies
 * with vectors and gathers transposed operands with vector gathers.
 */
final class VectorFloatGemm extends FloatGemmKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int NR = 2 * L;
    private static final boolean WIDE = L >= 16;
    /** Block depth and packed A row stride: a 192 x 32 B panel (24 KiB) and an 8-row A panel fit L1. */
    private static final int KC = 192;

    VectorFloatGemm() {
        super(WIDE ? 8 : 6, NR, KC, WIDE ? 8 * 21 : 6 * 28, 512);
    }

    @Override
    public String describe() {
        return "vector " + mr + "x" + nr + " fp32";
    }

    @Override
    public void kernel(int kc, Object apArray, int ao, Object bpArray, int bo, Object cArray, int co, int ldc,
                       boolean accumulate) {
        float[] c = (float[]) cArray;
        if (!accumulate) {
            FloatVector z = FloatVector.zero(F);
            for (int r = 0; r < mr; r++) {
                z.intoArray(c, co + r * ldc);
                z.intoArray(c, co + r * ldc + L);
            }
        }
        if (WIDE) {
            kernel8(kc, (float[]) apArray, ao, (float[]) bpArray, bo, c, co, ldc);
        } else {
            kernel6(kc, (float[]) apArray, ao, (float[]) bpArray, bo, c, co, ldc);
        }
    }

    @Override
    protected void packStridedRow(float[] a, int src, int stride, int kc, float s, float[] dst, int d) {
        int[] index = stridedIndex(stride, L);
        int p = 0;
        for (; p + L <= kc; p += L) {
            FloatVector.fromArray(F, a, src + p * stride, index, 1).mul(s).intoArray(dst, d + p);
        }
        super.packStridedRow(a, src + p * stride, stride, kc - p, s, dst, d + p);
    }

    @Override
    protected void packRows(float[] b, int src, int ldb, int kc, int nc, int t0, int t1, float[] dst, int d) {
        int full = Math.min(t1, nc / NR);
        if (full <= t0) {
            super.packRows(b, src, ldb, kc, nc, t0, t1, dst, d);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int row = src + p * ldb;
            for (int t = t0; t < full; t++) {
                int o = d + t * NR * kc + p * NR;
                FloatVector.fromArray(F, b, row + t * NR).intoArray(dst, o);
                FloatVector.fromArray(F, b, row + t * NR + L).intoArray(dst, o + L);
            }
        }
        if (full < t1) {
            super.packRows(b, src, ldb, kc, nc, full, t1, dst, d);
        }
    }

    @Override
    protected void packTransposedPanel(float[] b, int src, int ldb, int kc, int cols, float[] dst, int d) {
        if (cols < NR) {
            super.packTransposedPanel(b, src, ldb, kc, cols, dst, d);
            return;
        }
        int[] index = stridedIndex(ldb, NR);
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(F, b, src + p, index, 1).intoArray(dst, d + p * NR);
            FloatVector.fromArray(F, b, src + p, index, 1 + L).intoArray(dst, d + p * NR + L);
        }
    }

    /** This thread's last gather offsets, {@code {stride, 0, stride, 2 stride, ...}}, reused while the stride holds. */
    private static final ThreadLocal<int[]> GATHER = ThreadLocal.withInitial(() -> new int[]{-1});

    /** {@code {0, stride, 2 stride, ...}} at indices 1..n of the returned array: gather offsets of {@code n} rows. */
    private static int[] stridedIndex(int stride, int n) {
        int[] cached = GATHER.get();
        if (cached[0] == stride && cached.length > n) {
            return cached;
        }
        int[] index = new int[Math.max(n, 2 * L) + 1];
        index[0] = stride;
        for (int i = 1; i < index.length; i++) {
            index[i] = (i - 1) * stride;
        }
        GATHER.set(index);
        return index;
    }

    /** The 8 x (2 vectors) tile: 16 accumulators, 8 broadcasts of A and two loads of B per step. */
    private static void kernel8(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z, c6a = z, c6b = z, c7a = z, c7b = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c0a = a.fma(b0, c0a);
            c0b = a.fma(b1, c0b);
            a = FloatVector.broadcast(F, ap[ai + KC]);
            c1a = a.fma(b0, c1a);
            c1b = a.fma(b1, c1b);
            a = FloatVector.broadcast(F, ap[ai + 2 * KC]);
            c2a = a.fma(b0, c2a);
            c2b = a.fma(b1, c2b);
            a = FloatVector.broadcast(F, ap[ai + 3 * KC]);
            c3a = a.fma(b0, c3a);
            c3b = a.fma(b1, c3b);
            a = FloatVector.broadcast(F, ap[ai + 4 * KC]);
            c4a = a.fma(b0, c4a);
            c4b = a.fma(b1, c4b);
            a = FloatVector.broadcast(F, ap[ai + 5 * KC]);
            c5a = a.fma(b0, c5a);
            c5b = a.fma(b1, c5b);
            a = FloatVector.broadcast(F, ap[ai + 6 * KC]);
            c6a = a.fma(b0, c6a);
            c6b = a.fma(b1, c6b);
            a = FloatVector.broadcast(F, ap[ai + 7 * KC]);
            c7a = a.fma(b0, c7a);
            c7b = a.fma(b1, c7b);
        }
        FloatVector.fromArray(F, c, co).add(c0a).intoArray(c, co);
        FloatVector.fromArray(F, c, co + L).add(c0b).intoArray(c, co + L);
        FloatVector.fromArray(F, c, co + ldc).add(c1a).intoArray(c, co + ldc);
        FloatVector.fromArray(F, c, co + ldc + L).add(c1b).intoArray(c, co + ldc + L);
        FloatVector.fromArray(F, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
        FloatVector.fromArray(F, c, co + 2 * ldc + L).add(c2b).intoArray(c, co + 2 * ldc + L);
        FloatVector.fromArray(F, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
        FloatVector.fromArray(F, c, co + 3 * ldc + L).add(c3b).intoArray(c, co + 3 * ldc + L);
        FloatVector.fromArray(F, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
        FloatVector.fromArray(F, c, co + 4 * ldc + L).add(c4b).intoArray(c, co + 4 * ldc + L);
        FloatVector.fromArray(F, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
        FloatVector.fromArray(F, c, co + 5 * ldc + L).add(c5b).intoArray(c, co + 5 * ldc + L);
        FloatVector.fromArray(F, c, co + 6 * ldc).add(c6a).intoArray(c, co + 6 * ldc);
        FloatVector.fromArray(F, c, co + 6 * ldc + L).add(c6b).intoArray(c, co + 6 * ldc + L);
        FloatVector.fromArray(F, c, co + 7 * ldc).add(c7a).intoArray(c, co + 7 * ldc);
        FloatVector.fromArray(F, c, co + 7 * ldc + L).add(c7b).intoArray(c, co + 7 * ldc + L);
    }

    /** The 6 x (2 vectors) tile: 12 accumulators, 6 broadcasts of A and two loads of B per step. */
    private static void kernel6(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z,
                c5a = z, c5b = z;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[ai]);
            c0a = a.fma(b0, c0a);
            c0b = a.fma(b1, c0b);
            a = FloatVector.broadcast(F, ap[ai + KC]);
            c1a = a.fma(b0, c1a);
            c1b = a.fma(b1, c1b);
            a = FloatVector.broadcast(F, ap[ai + 2 * KC]);
            c2a = a.fma(b0, c2a);
            c2b = a.fma(b1, c2b);
            a = FloatVector.broadcast(F, ap[ai + 3 * KC]);
            c3a = a.fma(b0, c3a);
            c3b = a.fma(b1, c3b);
            a = FloatVector.broadcast(F, ap[ai + 4 * KC]);
            c4a = a.fma(b0, c4a);
            c4b = a.fma(b1, c4b);
            a = FloatVector.broadcast(F, ap[ai + 5 * KC]);
            c5a = a.fma(b0, c5a);
            c5b = a.fma(b1, c5b);
        }
        FloatVector.fromArray(F, c, co).add(c0a).intoArray(c, co);
        FloatVector.fromArray(F, c, co + L).add(c0b).intoArray(c, co + L);
        FloatVector.fromArray(F, c, co + ldc).add(c1a).intoArray(c, co + ldc);
        FloatVector.fromArray(F, c, co + ldc + L).add(c1b).intoArray(c, co + ldc + L);
        FloatVector.fromArray(F, c, co + 2 * ldc).add(c2a).intoArray(c, co + 2 * ldc);
        FloatVector.fromArray(F, c, co + 2 * ldc + L).add(c2b).intoArray(c, co + 2 * ldc + L);
        FloatVector.fromArray(F, c, co + 3 * ldc).add(c3a).intoArray(c, co + 3 * ldc);
        FloatVector.fromArray(F, c, co + 3 * ldc + L).add(c3b).intoArray(c, co + 3 * ldc + L);
        FloatVector.fromArray(F, c, co + 4 * ldc).add(c4a).intoArray(c, co + 4 * ldc);
        FloatVector.fromArray(F, c, co + 4 * ldc + L).add(c4b).intoArray(c, co + 4 * ldc + L);
        FloatVector.fromArray(F, c, co + 5 * ldc).add(c5a).intoArray(c, co + 5 * ldc);
        FloatVector.fromArray(F, c, co + 5 * ldc + L).add(c5b).intoArray(c, co + 5 * ldc + L);
    }
}

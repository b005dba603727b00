package dev.tessera.cpu.gemm;

/**
 * The FLOAT32 half of {@link GemmKernel}: packing, scaling and edge tiles on {@code float[]}; subclasses supply the
 * micro-kernel.
 */
public abstract class FloatGemmKernel extends GemmKernel {

    protected FloatGemmKernel(int mr, int nr, int kc, int mc, int nc) {
        super(mr, nr, kc, mc, nc);
    }

    @Override
    public boolean fits(Object array, int length) {
        return array instanceof float[] f && f.length >= length;
    }

    @Override
    public Object newArray(int length) {
        return new float[length];
    }

    @Override
    public void packA(Object aArray, int aOff, int lda, boolean trans, int i0, int mc, int p0, int kc, double alpha,
                      Object dstArray) {
        float[] a = (float[]) aArray;
        float[] dst = (float[]) dstArray;
        float s = (float) alpha;
        int mr = this.mr;
        for (int q = 0; q * mr < mc; q++) {
            int base = q * mr * kc;
            int rows = Math.min(mr, mc - q * mr);
            int i = i0 + q * mr;
            if (trans) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i;
                    int d = base + p * mr;
                    if (s == 1f) {
                        System.arraycopy(a, src, dst, d, rows);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            dst[d + r] = s * a[src + r];
                        }
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i + r) * lda + p0;
                    int d = base + r;
                    if (s == 1f) {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * mr] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * mr] = s * a[src + p];
                        }
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    @Override
    public void packB(Object bArray, int bOff, int ldb, boolean trans, int p0, int kc, int j0, int nc, int t0, int t1,
                      Object dstArray) {
        float[] b = (float[]) bArray;
        float[] dst = (float[]) dstArray;
        int nr = this.nr;
        for (int t = t0; t < t1; t++) {
            int base = t * nr * kc;
            int cols = Math.min(nr, nc - t * nr);
            int j = j0 + t * nr;
            if (trans) {
                for (int jj = 0; jj < cols; jj++) {
                    int src = bOff + (j + jj) * ldb + p0;
                    int d = base + jj;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * nr] = b[src + p];
                    }
                }
                for (int jj = cols; jj < nr; jj++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * nr + jj] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int d = base + p * nr;
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j, dst, d, cols);
                    for (int jj = cols; jj < nr; jj++) {
                        dst[d + jj] = 0f;
                    }
                }
            }
        }
    }

    @Override
    public void scale(Object cArray, int co, int ldc, int rows, int cols, double beta) {
        float[] c = (float[]) cArray;
        float s = (float) beta;
        for (int r = 0; r < rows; r++) {
            int o = co + r * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, o, o + cols, 0f);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[o + j] *= s;
                }
            }
        }
    }

    @Override
    public void storeTile(Object tileArray, Object cArray, int co, int ldc, int rows, int cols, boolean accumulate) {
        float[] tile = (float[]) tileArray;
        float[] c = (float[]) cArray;
        for (int r = 0; r < rows; r++) {
            int o = co + r * ldc;
            int t = r * nr;
            if (accumulate) {
                for (int j = 0; j < cols; j++) {
                    c[o + j] += tile[t + j];
                }
            } else {
                System.arraycopy(tile, t, c, o, cols);
            }
        }
    }
}

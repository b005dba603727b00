package dev.tessera.cpu.gemm;

/**
 * The FLOAT64 half of {@link GemmKernel}: packing, scaling and edge tiles on {@code double[]}; subclasses supply the
 * micro-kernel.
 */
public abstract class DoubleGemmKernel extends GemmKernel {

    protected DoubleGemmKernel(int mr, int nr, int kc, int mc, int nc) {
        super(mr, nr, kc, mc, nc);
    }

    @Override
    public boolean fits(Object array, int length) {
        return array instanceof double[] d && d.length >= length;
    }

    @Override
    public Object newArray(int length) {
        return new double[length];
    }

    @Override
    public void packA(Object aArray, int aOff, int lda, boolean trans, int i0, int mc, int p0, int kc, double alpha,
                      Object dstArray) {
        double[] a = (double[]) aArray;
        double[] dst = (double[]) dstArray;
        double s = alpha;
        for (int q = 0; q * mr < mc; q++) {
            int base = q * mr * this.kc;
            int rows = Math.min(mr, mc - q * mr);
            for (int r = 0; r < rows; r++) {
                int d = base + r * this.kc;
                int i = i0 + q * mr + r;
                if (trans) {
                    packStridedRow(a, aOff + p0 * lda + i, lda, kc, s, dst, d);
                } else if (s == 1.0) {
                    System.arraycopy(a, aOff + i * lda + p0, dst, d, kc);
                } else {
                    int src = aOff + i * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p] = s * a[src + p];
                    }
                }
            }
            for (int r = rows; r < mr; r++) {
                java.util.Arrays.fill(dst, base + r * this.kc, base + r * this.kc + kc, 0.0);
            }
        }
    }

    /** {@code dst[d + p] = s * a[src + p * stride]} for {@code p < kc}: one row of a transposed A. */
    protected void packStridedRow(double[] a, int src, int stride, int kc, double s, double[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            dst[d + p] = s * a[src + p * stride];
        }
    }

    @Override
    public void packB(Object bArray, int bOff, int ldb, boolean trans, int p0, int kc, int j0, int nc, int t0, int t1,
                      Object dstArray, int dstOff) {
        double[] b = (double[]) bArray;
        double[] dst = (double[]) dstArray;
        if (!trans) {
            packRows(b, bOff + p0 * ldb + j0, ldb, kc, nc, t0, t1, dst, dstOff);
            return;
        }
        for (int t = t0; t < t1; t++) {
            int cols = Math.min(nr, nc - t * nr);
            packTransposedPanel(b, bOff + (j0 + t * nr) * ldb + p0, ldb, kc, cols, dst, dstOff + t * nr * kc);
        }
    }

    /**
     * Panels {@code [t0, t1)} from a row-major B block starting at {@code b[src]} with {@code nc} columns, one row
     * of B at a time (sequential reads; the panels are written in parallel streams):
     * {@code dst[d + t*nr*kc + p*nr + jj] = b[src + p*ldb + t*nr + jj]}, zero past the last column.
     */
    protected void packRows(double[] b, int src, int ldb, int kc, int nc, int t0, int t1, double[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int row = src + p * ldb;
            for (int t = t0; t < t1; t++) {
                int cols = Math.min(nr, nc - t * nr);
                int o = d + t * nr * kc + p * nr;
                System.arraycopy(b, row + t * nr, dst, o, cols);
                if (cols < nr) {
                    java.util.Arrays.fill(dst, o + cols, o + nr, 0.0);
                }
            }
        }
    }

    /**
     * One B panel from a transposed B (stored n x k): {@code dst[d + p*nr + jj] = b[src + jj*ldb + p]} for
     * {@code jj < cols}, zero for {@code cols <= jj < nr}.
     */
    protected void packTransposedPanel(double[] b, int src, int ldb, int kc, int cols, double[] dst, int d) {
        for (int jj = 0; jj < cols; jj++) {
            int s = src + jj * ldb;
            for (int p = 0; p < kc; p++) {
                dst[d + p * nr + jj] = b[s + p];
            }
        }
        for (int jj = cols; jj < nr; jj++) {
            for (int p = 0; p < kc; p++) {
                dst[d + p * nr + jj] = 0.0;
            }
        }
    }

    @Override
    public void scale(Object cArray, int co, int ldc, int rows, int cols, double beta) {
        double[] c = (double[]) cArray;
        double s = beta;
        for (int r = 0; r < rows; r++) {
            int o = co + r * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, o, o + cols, 0.0);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[o + j] *= s;
                }
            }
        }
    }

    @Override
    public void storeTile(Object tileArray, Object cArray, int co, int ldc, int rows, int cols, boolean accumulate) {
        double[] tile = (double[]) tileArray;
        double[] c = (double[]) cArray;
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

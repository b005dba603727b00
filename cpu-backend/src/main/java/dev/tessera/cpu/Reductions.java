package dev.tessera.cpu;

import dev.tessera.DType;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The reduce primitive over {@code [outer, n, inner]}: rows ({@code inner == 1}) go to the row kernels, one row per
 * task, and a few long rows are cut into chunks whose partial results are combined; columns ({@code inner > 1}) are
 * reduced a row at a time into an accumulator row, in column blocks spread over threads. FLOAT32 sums accumulate in
 * double.
 */
final class Reductions {
    /** Columns per task of a column reduction. */
    private static final int COLUMN_BLOCK = 1024;

    private final Kernels k;
    private final WorkerPool pool;

    Reductions(Kernels kernels, WorkerPool pool) {
        this.k = kernels;
        this.pool = pool;
    }

    /** See {@link dev.tessera.backend.Backend#reduce}. */
    void reduce(ReduceOp op, HeapBuffer src, HeapBuffer dst, int outer, int n, int inner) {
        if (outer == 0 || inner == 0) {
            return;
        }
        if (src.dtype() == DType.INT32) {
            IntKernels.reduce(op, src.i, dst.i, outer, n, inner);
            return;
        }
        if (n == 0) {
            for (int i = 0; i < outer * inner; i++) {
                if (op.producesIndices()) {
                    dst.i[i] = 0;
                } else {
                    dst.set(i, op == ReduceOp.SUM ? 0.0 : Double.NaN);
                }
            }
            return;
        }
        if (inner == 1) {
            rows(op, src, dst, outer, n);
        } else {
            columns(op, src, dst, outer, n, inner);
        }
    }

    // ---------------------------------------------------------------- rows

    private void rows(ReduceOp op, HeapBuffer src, HeapBuffer dst, int rows, int n) {
        if (rows < pool.size() && (long) rows * n >= 2L * StridedLoop.GRAIN) {
            for (int r = 0; r < rows; r++) {
                longRow(op, src, dst, r, n);
            }
            return;
        }
        int grain = Math.max(1, StridedLoop.GRAIN / n);
        pool.parallelFor(rows, grain, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                storeRow(op, src, dst, r, (long) r * n, n);
            }
        });
    }

    /** One row's result from the row kernel. */
    private void storeRow(ReduceOp op, HeapBuffer src, HeapBuffer dst, int r, long offset, int n) {
        int off = (int) offset;
        if (op.producesIndices()) {
            dst.i[r] = src.f != null ? k.argReduce(op, src.f, off, n) : k.argReduce(op, src.d, off, n);
        } else {
            dst.set(r, src.f != null ? k.reduce(op, src.f, off, n) : k.reduce(op, src.d, off, n));
        }
    }

    /** One long row cut into one chunk per thread; the partial results are combined in chunk order. */
    private void longRow(ReduceOp op, HeapBuffer src, HeapBuffer dst, int r, int n) {
        int parts = pool.size();
        double[] values = new double[parts];
        int[] args = new int[parts];
        int base = r * n;
        pool.team(parts, (member, team, barrier) -> {
            for (int part = member; part < parts; part += team) {
                int s = WorkerPool.split(n, parts, part);
                int e = WorkerPool.split(n, parts, part + 1);
                args[part] = -1;
                if (s == e) {
                    continue;
                }
                if (op.producesIndices()) {
                    int a = src.f != null ? k.argReduce(op, src.f, base + s, e - s)
                            : k.argReduce(op, src.d, base + s, e - s);
                    args[part] = s + a;
                    values[part] = src.get(base + s + a);
                } else {
                    args[part] = 0;
                    values[part] = src.f != null ? k.reduce(op, src.f, base + s, e - s)
                            : k.reduce(op, src.d, base + s, e - s);
                }
            }
        });
        boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
        boolean have = false;
        double acc = 0.0;
        int arg = 0;
        for (int part = 0; part < parts; part++) {
            if (args[part] < 0) {
                continue;
            }
            double v = values[part];
            if (op == ReduceOp.SUM) {
                acc += v;
            } else if (!have || (!Double.isNaN(acc) && (Double.isNaN(v) || (max ? v > acc : v < acc)))) {
                acc = v;
                arg = args[part];
                have = true;
            }
        }
        if (op.producesIndices()) {
            dst.i[r] = arg;
        } else {
            dst.set(r, acc);
        }
    }

    // ---------------------------------------------------------------- columns

    private void columns(ReduceOp op, HeapBuffer src, HeapBuffer dst, int outer, int n, int inner) {
        int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        int units = outer * blocks;
        long perUnit = (long) n * Math.min(inner, COLUMN_BLOCK);
        int grain = (int) Math.max(1, StridedLoop.GRAIN / perUnit);
        pool.parallelFor(units, grain, (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int o = u / blocks;
                int c0 = (u % blocks) * COLUMN_BLOCK;
                int width = Math.min(COLUMN_BLOCK, inner - c0);
                int in = o * n * inner + c0;
                int out = o * inner + c0;
                if (op.producesIndices()) {
                    argColumns(op, src, dst, in, out, n, inner, width);
                } else if (src.f != null) {
                    floatColumns(op, src.f, dst.f, in, out, n, inner, width);
                } else {
                    doubleColumns(op, src.d, dst.d, in, out, n, inner, width);
                }
            }
        });
    }

    private void floatColumns(ReduceOp op, float[] x, float[] y, int in, int out, int n, int inner, int width) {
        if (op != ReduceOp.SUM) {
            float[] acc = Scratch.floats(Scratch.ACC, width);
            System.arraycopy(x, in, acc, 0, width);
            for (int j = 1; j < n; j++) {
                k.combine(op, acc, 0, x, in + j * inner, width);
            }
            System.arraycopy(acc, 0, y, out, width);
            return;
        }
        double[] total = Scratch.doubles(Scratch.ACC, width);
        java.util.Arrays.fill(total, 0, width, 0.0);
        for (int j = 0; j < n; j++) {
            k.accumulate(total, 0, x, in + j * inner, width);
        }
        for (int i = 0; i < width; i++) {
            y[out + i] = (float) total[i];
        }
    }

    private void doubleColumns(ReduceOp op, double[] x, double[] y, int in, int out, int n, int inner, int width) {
        System.arraycopy(x, in, y, out, width);
        for (int j = 1; j < n; j++) {
            k.combine(op, y, out, x, in + j * inner, width);
        }
    }

    /** ARGMAX/ARGMIN down columns, with the reference's first-extreme and NaN rules. */
    private static void argColumns(ReduceOp op, HeapBuffer src, HeapBuffer dst, int in, int out, int n, int inner,
                                   int width) {
        boolean max = op == ReduceOp.ARGMAX;
        double[] best = Scratch.doubles(Scratch.PARTIAL, width);
        int[] arg = Scratch.ints(Scratch.ACC, width);
        for (int i = 0; i < width; i++) {
            best[i] = src.get(in + i);
            arg[i] = 0;
        }
        for (int j = 1; j < n; j++) {
            int row = in + j * inner;
            for (int i = 0; i < width; i++) {
                double b = best[i];
                double v = src.get(row + i);
                if (b == b && (v != v || (max ? v > b : v < b))) {
                    best[i] = v;
                    arg[i] = j;
                }
            }
        }
        System.arraycopy(arg, 0, dst.i, out, width);
    }
}

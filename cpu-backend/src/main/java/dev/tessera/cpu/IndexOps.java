package dev.tessera.cpu;

import dev.tessera.backend.IndexOp;
import dev.tessera.backend.reference.HeapBuffer;

/**
 * The index primitive (gather, scatter-add, index-select, index-add) on {@code [outer, n, inner]} data blocks.
 * Gathers split their output rows over threads; the adding ops split over (outer, column block) units, which never
 * add into the same element, so no two threads write one location.
 */
final class IndexOps {
    private static final int COLUMN_BLOCK = 256;

    private final WorkerPool pool;

    IndexOps(WorkerPool pool) {
        this.pool = pool;
    }

    /** See {@link dev.tessera.backend.Backend#index} and {@link IndexOp}. */
    void index(IndexOp op, HeapBuffer src, HeapBuffer index, HeapBuffer dst, int outer, int n, int m, int inner) {
        if (outer == 0 || m == 0 || inner == 0) {
            return;
        }
        int[] idx = index.i;
        Object in = src.array();
        Object out = dst.array();
        switch (op) {
            case GATHER, INDEX_SELECT -> {
                int rows = outer * m;
                pool.parallelFor(rows, Math.max(1, StridedLoop.GRAIN / inner), (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int o = r / m;
                        int j = r % m;
                        int dOff = r * inner;
                        if (op == IndexOp.INDEX_SELECT) {
                            System.arraycopy(in, (o * n + idx[j]) * inner, out, dOff, inner);
                        } else {
                            gatherRow(in, out, idx, dOff, o * n * inner, inner);
                        }
                    }
                });
            }
            case SCATTER_ADD, INDEX_ADD -> {
                int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
                long perUnit = (long) m * Math.min(inner, COLUMN_BLOCK);
                int grain = (int) Math.max(1, StridedLoop.GRAIN / perUnit);
                pool.parallelFor(outer * blocks, grain, (u0, u1) -> {
                    for (int u = u0; u < u1; u++) {
                        int o = u / blocks;
                        int c0 = (u % blocks) * COLUMN_BLOCK;
                        int width = Math.min(COLUMN_BLOCK, inner - c0);
                        for (int j = 0; j < m; j++) {
                            int sOff = (o * m + j) * inner + c0;
                            if (op == IndexOp.INDEX_ADD) {
                                addRun(in, sOff, out, (o * n + idx[j]) * inner + c0, width);
                            } else {
                                scatterRow(in, out, idx, sOff, o * n * inner + c0, inner, width);
                            }
                        }
                    }
                });
            }
        }
    }

    /** {@code out[d+i] = in[base + idx[d+i]*inner + i]} for one row of {@code inner} elements. */
    private static void gatherRow(Object in, Object out, int[] idx, int d, int base, int inner) {
        if (in instanceof float[] x) {
            float[] y = (float[]) out;
            for (int i = 0; i < inner; i++) {
                y[d + i] = x[base + idx[d + i] * inner + i];
            }
        } else if (in instanceof double[] x) {
            double[] y = (double[]) out;
            for (int i = 0; i < inner; i++) {
                y[d + i] = x[base + idx[d + i] * inner + i];
            }
        } else {
            int[] x = (int[]) in;
            int[] y = (int[]) out;
            for (int i = 0; i < inner; i++) {
                y[d + i] = x[base + idx[d + i] * inner + i];
            }
        }
    }

    /** {@code out[base + idx[s+i]*inner + i] += in[s+i]} for {@code width} elements of one row. */
    private static void scatterRow(Object in, Object out, int[] idx, int s, int base, int inner, int width) {
        if (in instanceof float[] x) {
            float[] y = (float[]) out;
            for (int i = 0; i < width; i++) {
                y[base + idx[s + i] * inner + i] += x[s + i];
            }
        } else if (in instanceof double[] x) {
            double[] y = (double[]) out;
            for (int i = 0; i < width; i++) {
                y[base + idx[s + i] * inner + i] += x[s + i];
            }
        } else {
            int[] x = (int[]) in;
            int[] y = (int[]) out;
            for (int i = 0; i < width; i++) {
                y[base + idx[s + i] * inner + i] += x[s + i];
            }
        }
    }

    /** {@code out[d+i] += in[s+i]} for {@code width} elements. */
    private static void addRun(Object in, int s, Object out, int d, int width) {
        if (in instanceof float[] x) {
            float[] y = (float[]) out;
            for (int i = 0; i < width; i++) {
                y[d + i] += x[s + i];
            }
        } else if (in instanceof double[] x) {
            double[] y = (double[]) out;
            for (int i = 0; i < width; i++) {
                y[d + i] += x[s + i];
            }
        } else {
            int[] x = (int[]) in;
            int[] y = (int[]) out;
            for (int i = 0; i < width; i++) {
                y[d + i] += x[s + i];
            }
        }
    }
}

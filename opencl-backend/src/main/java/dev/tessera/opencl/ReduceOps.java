package dev.tessera.opencl;

import dev.tessera.DType;
import dev.tessera.backend.ReduceOp;
import dev.tessera.opencl.ProgramCache.Family;

/**
 * Launchers of reduce.cl: reductions of the middle axis of {@code [outer, n, inner]} in stages. Each stage splits
 * the axis into chunks so the device has enough parallel work (a quarter-million-element sum runs as many
 * work-groups and then one), and keeps every sequential run short for accuracy; stages repeat until one chunk is
 * left. Chunking depends only on the shape and the device, so results are deterministic on a device.
 */
final class ReduceOps {
    /** Elements each work item of a rows stage reads before the tree, when the row is split for parallelism. */
    private static final int ITEMS_PER_THREAD = 8;
    /** Longest sequential run of one work item in a rows stage (accuracy). */
    private static final int MAX_ROW_RUN = 4096;
    /** Longest sequential run of a columns stage. */
    private static final int MAX_COLUMN_CHUNK = 1024;
    /** Shortest chunk worth a separate column stage. */
    private static final int MIN_COLUMN_CHUNK = 16;

    private final ClContext cx;
    private final ElementwiseOps elementwise;

    ReduceOps(ClContext cx, ElementwiseOps elementwise) {
        this.cx = cx;
        this.elementwise = elementwise;
    }

    /**
     * INT32 sums as on the CPU: accumulated without wrapping (in FLOAT64, exact while the partial sums stay below
     * 2^53) and saturated to the INT32 range on the way back ({@code convert_int_sat_rtz}), so a sum beyond
     * 2147483647 is 2147483647 on every backend instead of wrapping to a negative number.
     */
    private void sumIntsInDoubles(ClBuffer src, ClBuffer dst, long outer, long n, long inner) {
        long count = outer * n * inner;
        long outputs = outer * inner;
        ClBuffer wide = cx.temp(DType.FLOAT64, count);
        ClBuffer sums = null;
        try {
            sums = cx.temp(DType.FLOAT64, outputs);
            elementwise.copyDense(src, wide, count);
            reduce(ReduceOp.SUM, wide, sums, outer, n, inner);
            elementwise.copyDense(sums, dst, outputs);
        } finally {
            cx.free(wide);
            if (sums != null) {
                cx.free(sums);
            }
        }
    }

    /** See {@link dev.tessera.backend.Backend#reduce}. */
    void reduce(ReduceOp op, ClBuffer src, ClBuffer dst, long outer, long n, long inner) {
        long outputs = outer * inner;
        if (outputs == 0) {
            return;
        }
        if (n == 0) {
            // the reference's values for an empty axis: sum 0, max/min NaN, index 0
            elementwise.fill(dst, outputs, switch (op) {
                case SUM, ARGMAX, ARGMIN -> 0.0;
                case MAX, MIN -> Double.NaN;
            });
            return;
        }
        if (op == ReduceOp.SUM && src.dtype() == DType.INT32 && cx.device.fp64()) {
            sumIntsInDoubles(src, dst, outer, n, inner);
            return;
        }
        DType t = src.dtype();
        ClBuffer values = src;
        ClBuffer indices = null;
        long length = n;
        while (true) {
            long parts = inner == 1 ? rowParts(outer, length) : columnParts(outer, length, inner);
            int chunk = Math.toIntExact(ceilDiv(length, parts));
            parts = ceilDiv(length, chunk);
            boolean last = parts == 1;
            long size = outer * parts * inner;
            ClBuffer outValues;
            ClBuffer outIndices = null;
            if (op.producesIndices()) {
                outValues = cx.temp(t, size);
                outIndices = last ? dst : cx.temp(DType.INT32, size);
                stageArg(op, values, indices, outValues, outIndices, outer, length, inner, chunk, parts);
            } else {
                outValues = last ? dst : cx.temp(t, size);
                stage(op, values, outValues, outer, length, inner, chunk, parts);
            }
            if (values != src) {
                cx.free(values);
            }
            if (indices != null) {
                cx.free(indices);
            }
            if (last) {
                if (op.producesIndices()) {
                    cx.free(outValues);
                }
                return;
            }
            values = outValues;
            indices = outIndices;
            length = parts;
        }
    }

    private void stage(ReduceOp op, ClBuffer src, ClBuffer dst, long outer, long n, long inner, int chunk,
                       long parts) {
        DType t = src.dtype();
        String name = OpNames.reduce(op);
        if (inner == 1) {
            int wg = workGroup(chunk);
            ClKernel k = cx.kernel(Family.REDUCE, t, "reduce_rows_" + name);
            cx.launcher.launch(k, new long[]{outer * parts * wg}, new long[]{wg}, src, dst, n, chunk, parts,
                    new Launcher.Local((long) wg * t.byteSize()));
        } else {
            ClKernel k = cx.kernel(Family.REDUCE, t, "reduce_cols_" + name);
            cx.launch1d(k, outer * parts * inner, src, dst, outer, n, inner, chunk, parts);
        }
    }

    private void stageArg(ReduceOp op, ClBuffer src, ClBuffer srcIdx, ClBuffer dstVal, ClBuffer dstIdx, long outer,
                          long n, long inner, int chunk, long parts) {
        DType t = src.dtype();
        String name = OpNames.reduce(op);
        int hasIdx = srcIdx == null ? 0 : 1;
        ClBuffer idx = srcIdx == null ? dstIdx : srcIdx;
        if (inner == 1) {
            int wg = workGroup(chunk);
            ClKernel k = cx.kernel(Family.REDUCE, t, "reduce_rows_" + name);
            cx.launcher.launch(k, new long[]{outer * parts * wg}, new long[]{wg}, src, idx, hasIdx, dstVal,
                    dstIdx, n, chunk, parts, new Launcher.Local((long) wg * t.byteSize()),
                    new Launcher.Local((long) wg * Integer.BYTES));
        } else {
            ClKernel k = cx.kernel(Family.REDUCE, t, "reduce_cols_" + name);
            cx.launch1d(k, outer * parts * inner, src, idx, hasIdx, dstVal, dstIdx, outer, n, inner, chunk,
                    parts);
        }
    }

    /**
     * Chunks per row when inner is 1: enough work-groups to fill the device (none shorter than ITEMS_PER_THREAD
     * per item), and no work item summing more than MAX_ROW_RUN elements in sequence.
     */
    private long rowParts(long outer, long n) {
        int wg = cx.reduceLocalSize;
        long forAccuracy = ceilDiv(n, (long) wg * MAX_ROW_RUN);
        int wanted = cx.device.computeUnits() * 8;
        if (outer >= wanted) {
            return forAccuracy;
        }
        long forParallelism = Math.min(ceilDiv(n, (long) wg * ITEMS_PER_THREAD), ceilDiv(wanted, outer));
        return Math.max(1, Math.max(forAccuracy, forParallelism));
    }

    /** Chunks per column: enough work items to fill the device, sequential runs of at most MAX_COLUMN_CHUNK. */
    private long columnParts(long outer, long n, long inner) {
        long wanted = (long) cx.device.computeUnits() * cx.localSize * 4;
        long columns = outer * inner;
        long forParallelism = ceilDiv(wanted, columns);
        long parts = Math.min(forParallelism, Math.max(1, n / MIN_COLUMN_CHUNK));
        return Math.max(parts, ceilDiv(n, MAX_COLUMN_CHUNK));
    }

    /** A power-of-two work-group size for a rows stage over chunks of {@code chunk} elements. */
    private int workGroup(int chunk) {
        int pow2 = chunk <= 1 ? 1 : Integer.highestOneBit(chunk - 1) << 1;
        return Math.min(cx.reduceLocalSize, pow2);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

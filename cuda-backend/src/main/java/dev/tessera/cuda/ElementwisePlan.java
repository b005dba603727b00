package dev.tessera.cuda;

import dev.tessera.backend.Operand;
import java.util.ArrayList;
import java.util.List;

/**
 * How one elementwise primitive is laid out for the kernels of elementwise.cu: the iteration shape with size-1
 * axes dropped and adjacent axes merged wherever every operand is dense across them, each operand's address and
 * strides (innermost axis first, as the kernels read them), and whether the 16-byte vector path applies. An
 * iteration of more than {@link #MAX_DIMS} axes (after merging) becomes several launches, one per index of the
 * leading axes.
 */
final class ElementwisePlan {
    /** Axes the kernels take (TS_MAX_DIMS in common.cuh). */
    static final int MAX_DIMS = 8;

    /** Elements of one launch (may exceed 2^31: the kernels index in 64 bits). */
    final long n;
    /** Sizes, innermost first. */
    final long[] dims;
    /** Per operand: its element strides, innermost first (0 for constants). */
    final long[][] strides;
    /** Per operand: the device address of its element 0, or 0 for a constant. */
    final long[] addresses;
    /** Per operand: the constant's value (unused for views). */
    final double[] constants;
    final boolean vectorized;

    private ElementwisePlan(long n, long[] dims, long[][] strides, long[] addresses, double[] constants,
                            boolean vectorized) {
        this.n = n;
        this.dims = dims;
        this.strides = strides;
        this.addresses = addresses;
        this.constants = constants;
        this.vectorized = vectorized;
    }

    /**
     * The launches of an elementwise op over {@code shape}; empty when the shape has no elements.
     *
     * @param ops          the operands, inputs first and the output last; views must be {@link CudaBuffer}s
     * @param vectorizable whether the kernel has a vector path for these operands (element sizes agree)
     */
    static List<ElementwisePlan> of(int[] shape, Operand[] ops, boolean vectorizable) {
        int k = ops.length;
        long[] mergedDims = new long[Math.max(shape.length, 1)];
        long[][] merged = new long[k][Math.max(shape.length, 1)];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            int size = shape[axis];
            if (size == 0) {
                return List.of();
            }
            if (size == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int o = 0; o < k && merge; o++) {
                merge = merged[o][rank - 1] == strideOf(ops[o], axis) * size;
            }
            if (merge) {
                mergedDims[rank - 1] *= size;
                for (int o = 0; o < k; o++) {
                    merged[o][rank - 1] = strideOf(ops[o], axis);
                }
            } else {
                mergedDims[rank] = size;
                for (int o = 0; o < k; o++) {
                    merged[o][rank] = strideOf(ops[o], axis);
                }
                rank++;
            }
        }
        if (rank == 0) {
            rank = 1;
            mergedDims[0] = 1;
        }
        long[] base = new long[k];
        double[] constants = new double[k];
        for (int o = 0; o < k; o++) {
            Operand op = ops[o];
            if (op.isConstant()) {
                constants[o] = op.constant();
            } else {
                base[o] = ((CudaBuffer) op.buffer()).address(op.offset());
            }
        }
        int lead = Math.max(0, rank - MAX_DIMS);
        int kept = rank - lead;
        long[] dims = new long[kept];
        for (int d = 0; d < kept; d++) {
            dims[d] = mergedDims[rank - 1 - d];
        }
        long[][] strides = new long[k][kept];
        for (int o = 0; o < k; o++) {
            for (int d = 0; d < kept; d++) {
                strides[o][d] = merged[o][rank - 1 - d];
            }
        }
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        List<ElementwisePlan> plans = new ArrayList<>();
        long outerCount = 1;
        for (int d = 0; d < lead; d++) {
            outerCount *= mergedDims[d];
        }
        long[] index = new long[lead];
        for (long c = 0; c < outerCount; c++) {
            long[] addresses = base.clone();
            for (int o = 0; o < k; o++) {
                if (!ops[o].isConstant()) {
                    long elements = 0;
                    for (int d = 0; d < lead; d++) {
                        elements += index[d] * merged[o][d];
                    }
                    addresses[o] += elements * ((CudaBuffer) ops[o].buffer()).dtype().byteSize();
                }
            }
            boolean vec = vectorizable && vectorizable(kept, strides, addresses, ops);
            plans.add(new ElementwisePlan(n, dims, strides, addresses, constants, vec));
            for (int d = lead - 1; d >= 0; d--) {
                if (++index[d] < mergedDims[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return plans;
    }

    private static long strideOf(Operand op, int axis) {
        return op.isConstant() ? 0 : op.strides()[axis];
    }

    /** Rank 1, every view of stride 0 or 1, the output of stride 1, and stride-1 views 16-byte aligned. */
    private static boolean vectorizable(int rank, long[][] strides, long[] addresses, Operand[] ops) {
        if (rank != 1) {
            return false;
        }
        int out = ops.length - 1;
        if (strides[out][0] != 1) {
            return false;
        }
        for (int o = 0; o < ops.length; o++) {
            long s = strides[o][0];
            if (!ops[o].isConstant() && (s > 1 || s < 0 || (s == 1 && addresses[o] % 16 != 0))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the Iteration struct (named {@code it}) of common.cuh. */
    void writeIteration(KernelArgs args) {
        args.i64("it.n", n);
        args.i64("it.rank", dims.length);
        args.i64("it.vectorized", vectorized ? 1 : 0);
        args.i64s("it.dims", dims, dims.length, MAX_DIMS);
    }

    /** Writes operand {@code o} as an Operand struct of common.cuh named {@code name}. */
    void writeOperand(KernelArgs args, String name, int o) {
        args.ptr(name + ".ptr", addresses[o]);
        args.f64(name + ".constant", constants[o]);
        args.i64s(name + ".strides", strides[o], strides[o].length, MAX_DIMS);
    }
}

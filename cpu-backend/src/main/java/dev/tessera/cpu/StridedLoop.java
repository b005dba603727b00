package dev.tessera.cpu;

/**
 * Walks the iteration shape of an elementwise op as runs along its last axis and spreads the runs over the
 * {@link WorkerPool}. Each operand has a start offset and a stride per axis (0 broadcasts); a run hands every
 * operand's offset and its last-axis stride to a {@link Run} body, which calls a {@link Kernels} method. After core's
 * axis coalescing a dense op is one run per thread, a row broadcast (bias add) one run per row with the bias at
 * stride 1, a column broadcast one run per row with that operand at stride 0, and anything else a strided run.
 */
final class StridedLoop {
    /** Ops below this many elements run on the calling thread. */
    static final int GRAIN = 1 << 15;

    /** The body of one run of {@code length} elements. */
    interface Run {
        /**
         * @param offsets offset of the run's first element in each operand (read-only)
         * @param strides last-axis stride of each operand (read-only)
         * @param length  elements in the run
         */
        void run(int[] offsets, int[] strides, int length);
    }

    private StridedLoop() {
    }

    /**
     * Calls {@code body} for runs covering every element of {@code shape} in row-major order, in parallel for large
     * shapes (runs of different threads never overlap).
     *
     * @param starts  offset of element 0 in each operand
     * @param strides strides of each operand, {@code shape.length} entries each
     */
    static void forEach(WorkerPool pool, int[] shape, int[] starts, int[][] strides, Run body) {
        long total = 1;
        for (int d : shape) {
            total *= d;
        }
        if (total == 0) {
            return;
        }
        int n = (int) total;
        pool.parallelFor(n, GRAIN, (start, end) -> walk(shape, starts, strides, start, end, body));
    }

    /** Runs over linear elements {@code [start, end)}. */
    static void walk(int[] shape, int[] starts, int[][] strides, int start, int end, Run body) {
        int rank = shape.length;
        int ops = starts.length;
        int last = rank - 1;
        int inner = shape[last];
        int[] index = new int[rank];
        int[] offsets = starts.clone();
        int[] innerStrides = new int[ops];
        int rest = start;
        for (int axis = last; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
            for (int k = 0; k < ops; k++) {
                offsets[k] += index[axis] * strides[k][axis];
            }
        }
        for (int k = 0; k < ops; k++) {
            innerStrides[k] = strides[k][last];
        }
        int pos = start;
        while (pos < end) {
            int len = Math.min(inner - index[last], end - pos);
            body.run(offsets, innerStrides, len);
            pos += len;
            if (pos >= end) {
                return;
            }
            // the run ended at the end of a row: back to its first element, then carry into the outer axes
            for (int k = 0; k < ops; k++) {
                offsets[k] -= index[last] * innerStrides[k];
            }
            index[last] = 0;
            for (int axis = last - 1; axis >= 0; axis--) {
                index[axis]++;
                for (int k = 0; k < ops; k++) {
                    offsets[k] += strides[k][axis];
                }
                if (index[axis] < shape[axis]) {
                    break;
                }
                for (int k = 0; k < ops; k++) {
                    offsets[k] -= shape[axis] * strides[k][axis];
                }
                index[axis] = 0;
            }
        }
    }
}

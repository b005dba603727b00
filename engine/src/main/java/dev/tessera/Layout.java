package dev.tessera;

import java.util.Arrays;

/**
 * The iteration layout handed to an elementwise primitive: the iteration shape with size-1 axes dropped and
 * adjacent axes merged wherever every operand is dense across them, and each operand's strides for that shape.
 * A fully dense op becomes rank 1, a row-broadcast (bias add) rank 2. Constant operands pass null strides.
 *
 * <p>Strides are {@code long}; axis sizes stay {@code int} (as in {@link Shape}), so two axes merge only while their
 * product fits an {@code int}: a dense tensor of more than 2^31 - 1 elements keeps two or more axes.
 */
final class Layout {
    final int[] shape;
    final long[][] strides;

    private Layout(int[] shape, long[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    static Layout of(int[] shape, long[]... operandStrides) {
        int ops = operandStrides.length;
        int[] outShape = new int[shape.length];
        long[][] out = new long[ops][shape.length];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1) {
                continue;
            }
            boolean merge = rank > 0 && (long) outShape[rank - 1] * shape[axis] <= Integer.MAX_VALUE;
            for (int k = 0; k < ops && merge; k++) {
                long s = operandStrides[k] == null ? 0 : operandStrides[k][axis];
                merge = out[k][rank - 1] == s * shape[axis];
            }
            if (merge) {
                outShape[rank - 1] *= shape[axis];
                for (int k = 0; k < ops; k++) {
                    out[k][rank - 1] = operandStrides[k] == null ? 0 : operandStrides[k][axis];
                }
            } else {
                outShape[rank] = shape[axis];
                for (int k = 0; k < ops; k++) {
                    out[k][rank] = operandStrides[k] == null ? 0 : operandStrides[k][axis];
                }
                rank++;
            }
        }
        if (rank == 0) {
            long[][] scalar = new long[ops][];
            for (int k = 0; k < ops; k++) {
                scalar[k] = new long[]{0};
            }
            return new Layout(new int[]{1}, scalar);
        }
        long[][] trimmed = new long[ops][];
        for (int k = 0; k < ops; k++) {
            trimmed[k] = Arrays.copyOf(out[k], rank);
        }
        return new Layout(Arrays.copyOf(outShape, rank), trimmed);
    }
}

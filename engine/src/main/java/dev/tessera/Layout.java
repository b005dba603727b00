package dev.tessera;

import java.util.Arrays;

/**
 * The iteration layout handed to an elementwise primitive: the iteration shape with size-1 axes dropped and
 * adjacent axes merged wherever every operand is dense across them, and each operand's strides for that shape.
 * A fully dense op becomes rank 1, a row-broadcast (bias add) rank 2. Constant operands pass null strides.
 */
final class Layout {
    final int[] shape;
    final int[][] strides;

    private Layout(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    static Layout of(int[] shape, int[]... operandStrides) {
        int ops = operandStrides.length;
        int[] outShape = new int[shape.length];
        int[][] out = new int[ops][shape.length];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int k = 0; k < ops && merge; k++) {
                int s = operandStrides[k] == null ? 0 : operandStrides[k][axis];
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
            int[][] scalar = new int[ops][];
            for (int k = 0; k < ops; k++) {
                scalar[k] = new int[]{0};
            }
            return new Layout(new int[]{1}, scalar);
        }
        int[][] trimmed = new int[ops][];
        for (int k = 0; k < ops; k++) {
            trimmed[k] = Arrays.copyOf(out[k], rank);
        }
        return new Layout(Arrays.copyOf(outShape, rank), trimmed);
    }
}

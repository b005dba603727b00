package dev.tessera.backend.reference;

/**
 * Walks an N-d iteration shape in row-major order while keeping the element offset of each of several strided
 * operands up to date (an odometer). Used by the scalar kernels for any mix of strides and broadcasts.
 */
public final class StridedCursor {
    private final int[] shape;
    private final int[][] strides;
    private final int[] index;
    /** Current element offset of each operand. */
    public final int[] offsets;

    /**
     * @param shape   the iteration shape (all sizes &gt; 0)
     * @param starts  the offset of element 0 of each operand
     * @param strides the strides of each operand (one array per operand, rank entries each)
     */
    public StridedCursor(int[] shape, int[] starts, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
        this.index = new int[shape.length];
        this.offsets = starts.clone();
    }

    /** Advances to the next element in row-major order. */
    public void next() {
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis]++;
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] += strides[k][axis];
            }
            if (index[axis] < shape[axis]) {
                return;
            }
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] -= strides[k][axis] * shape[axis];
            }
            index[axis] = 0;
        }
    }

    /** Number of elements of {@code shape}. */
    public static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

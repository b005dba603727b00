package dev.tessera;

import dev.tessera.backend.Operand;
import java.util.Arrays;

/**
 * An immutable tensor shape: the size of each axis, outermost first (row-major).
 *
 * <p>Axes may be given negative, counting from the end ({@code -1} is the last axis). A rank-0 shape
 * describes a scalar with one element; any axis of size 0 makes the shape empty.
 *
 * <p>Sizes are 64-bit: each axis is an {@code int} (at most 2^31 - 1), but the element count {@link #numel()} and
 * the strides are {@code long}, so a tensor may hold more than 2^31 elements. A shape whose element count does not
 * fit a {@code long} (empty axes counted as 1, as strides count them) is refused with an error naming it.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final long numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long span = 1;
        boolean empty = false;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: negative dimension in " + Arrays.toString(dims));
            }
            empty |= d == 0;
            int extent = Math.max(d, 1);
            if (span > Long.MAX_VALUE / extent) {
                throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " spans " + exactSpan(dims)
                        + " elements, more than " + Long.MAX_VALUE + ", the most one tensor can address");
            }
            span *= extent;
        }
        this.numel = empty ? 0 : span;
    }

    /** The product of the axis sizes (0 counted as 1, as strides do), exactly (it does not fit a long). */
    private static java.math.BigInteger exactSpan(int[] dims) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (int d : dims) {
            n = n.multiply(java.math.BigInteger.valueOf(Math.max(d, 1)));
        }
        return n;
    }

    /** A shape with the given axis sizes (the array is copied). */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    static Shape wrap(int[] dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims);
    }

    /** Number of axes. */
    public int rank() {
        return dims.length;
    }

    /** Number of elements (1 for a scalar); may exceed 2^31. */
    public long numel() {
        return numel;
    }

    /** Size of axis {@code axis}, which may be negative. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis, "dim")];
    }

    /** A copy of the axis sizes. */
    public int[] dims() {
        return dims.clone();
    }

    int[] dimsUnsafe() {
        return dims;
    }

    /**
     * Maps a possibly negative axis into {@code [0, rank)}.
     *
     * @throws IllegalArgumentException naming {@code op} when the axis is out of range
     */
    public int normalizeAxis(int axis, String op) {
        int r = dims.length;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + this
                    + " (expected " + (r == 0 ? "no axis on a scalar" : "-" + r + " <= axis < " + r) + ")");
        }
        return a;
    }

    /** {@code {outer, inner}}: the products of the sizes before and after axis {@code a}. */
    long[] outerInner(int a) {
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < a) {
                outer *= dims[i];
            } else if (i > a) {
                inner *= dims[i];
            }
        }
        return new long[]{outer, inner};
    }

    /** Row-major (C-order) element strides of this shape (they fit a long: the constructor checks the span). */
    public long[] contiguousStrides() {
        return Operand.contiguousStrides(dims);
    }

    /**
     * The NumPy broadcast of two shapes: align at the last axis; sizes must match or one must be 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.rank()) >= 0 ? a.dims[i - (r - a.rank())] : 1;
            int db = i - (r - b.rank()) >= 0 ? b.dims[i - (r - b.rank())] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (axis " + (i - r) + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return wrap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code [32, 784]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}

package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Axis merging of elementwise layouts: strides are long, a merged axis stays an int. */
class LayoutTest {

    @Test
    void denseAxesMergeIntoOne() {
        Layout l = Layout.of(new int[]{2, 3, 4}, Shape.of(2, 3, 4).contiguousStrides(), null);
        assertArrayEquals(new int[]{24}, l.shape);
        assertArrayEquals(new long[]{1}, l.strides[0]);
        assertArrayEquals(new long[]{0}, l.strides[1], "a constant operand has stride 0");
    }

    @Test
    void axesWhoseProductExceedsAnIntStaySeparateWithLongStrides() {
        int[] shape = {4, 1 << 30};
        Layout l = Layout.of(shape, Shape.of(shape).contiguousStrides());
        assertArrayEquals(new int[]{4, 1 << 30}, l.shape, "4 * 2^30 does not fit one int axis");
        assertArrayEquals(new long[]{1L << 30, 1}, l.strides[0]);
        Layout merged = Layout.of(new int[]{2, 1 << 29}, Shape.of(2, 1 << 29).contiguousStrides());
        assertArrayEquals(new int[]{1 << 30}, merged.shape, "2 * 2^29 still does");
    }

    @Test
    void stridesBeyondAnIntSurviveMerging() {
        // a column of a [3, 2^31 + 8] buffer, seen as [3, 1]: stride 2^31 + 8 along the kept axis
        long wide = (1L << 31) + 8;
        Layout l = Layout.of(new int[]{3, 1}, new long[]{wide, 1});
        assertArrayEquals(new int[]{3}, l.shape);
        assertArrayEquals(new long[]{wide}, l.strides[0]);
    }
}

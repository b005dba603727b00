package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run walker visits every element once, in row-major order, with each operand's offsets, from any start. */
class StridedLoopTest {

    /** Offsets of operand 0 (row-major) and operand 1 (transposed) for every element, as the walker reports them. */
    private static int[][] visit(int[] shape, int start, int end) {
        List<int[]> seen = new ArrayList<>();
        int[][] strides = {{shape[1] * shape[2], shape[2], 1}, {1, shape[0], shape[0] * shape[1]}};
        StridedLoop.walk(shape, new int[]{5, 0}, strides, start, end, (off, st, len) -> {
            for (int i = 0; i < len; i++) {
                seen.add(new int[]{off[0] + i * st[0], off[1] + i * st[1]});
            }
        });
        return seen.toArray(new int[0][]);
    }

    @Test
    void everyStartGivesTheSameOffsetsAsAFullWalk() {
        int[] shape = {3, 4, 5};
        int[][] full = visit(shape, 0, 60);
        for (int e = 0; e < 60; e++) {
            int i = e / 20;
            int j = (e / 5) % 4;
            int k = e % 5;
            assertArrayEquals(new int[]{5 + e, i + 3 * j + 12 * k}, full[e], "element " + e);
        }
        for (int start : new int[]{1, 4, 5, 19, 20, 37, 59}) {
            for (int end : new int[]{start + 1, Math.min(60, start + 13), 60}) {
                int[][] part = visit(shape, start, end);
                for (int e = start; e < end; e++) {
                    assertArrayEquals(full[e], part[e - start], "start " + start + " end " + end + " element " + e);
                }
            }
        }
    }
}

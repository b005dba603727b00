package dev.tessera.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class FisherYatesTest {
    @Test
    void asksForEachSwapPartnerFromTheTopDown() {
        List<Integer> bounds = new ArrayList<>();
        int[] p = FisherYates.permutation(4, bound -> {
            bounds.add(bound);
            return 0;
        });
        assertEquals(List.of(4, 3, 2), bounds);
        assertArrayEquals(new int[]{1, 2, 3, 0}, p);
        assertArrayEquals(new int[]{0, 1, 2, 3}, FisherYates.permutation(4, bound -> bound - 1));
    }

    @Test
    void zeroOrOneElementNeedsNoDraw() {
        IntUnaryOperator never = bound -> {
            throw new AssertionError("no draw expected, asked for one below " + bound);
        };
        assertArrayEquals(new int[0], FisherYates.permutation(0, never));
        assertArrayEquals(new int[]{0}, FisherYates.permutation(1, never));
    }
}

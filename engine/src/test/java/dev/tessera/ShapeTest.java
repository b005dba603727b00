package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void broadcastsLikeNumpy() {
        assertEquals(Shape.of(3, 4), Shape.broadcast("add", Shape.of(3, 1), Shape.of(1, 4)));
        assertEquals(Shape.of(2, 3, 4), Shape.broadcast("add", Shape.of(2, 3, 4), Shape.of(4)));
        assertEquals(Shape.of(4, 5), Shape.broadcast("add", Shape.scalar(), Shape.of(4, 5)));
        assertEquals(Shape.of(0, 3), Shape.broadcast("add", Shape.of(0, 3), Shape.of(3)));
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast("mul", Shape.of(3, 4), Shape.of(5)));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("[3, 4]")
                && e.getMessage().contains("[5]"), e.getMessage());
    }

    @Test
    void axesAndStrides() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(4, s.dim(-1));
        assertEquals(24, s.numel());
        assertArrayEquals(new long[]{12, 4, 1}, s.contiguousStrides());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(3, "sum"));
        assertTrue(e.getMessage().contains("sum: axis 3 is out of range for shape [2, 3, 4]"), e.getMessage());
        assertEquals(1, Shape.scalar().numel());
    }

    @Test
    void rejectsNegativeAndOversizedShapes() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(1 << 30, 1 << 30, 1 << 30));
        assertTrue(e.getMessage().contains("shape: [1073741824, 1073741824, 1073741824] spans "
                + "1237940039285380274899124224 elements, more than 9223372036854775807"), e.getMessage());
    }

    @Test
    void countsAndStridesAreSixtyFourBit() {
        Shape s = Shape.of(3, 1 << 16, 1 << 16);
        assertEquals(3L << 32, s.numel());
        assertArrayEquals(new long[]{1L << 32, 1 << 16, 1}, s.contiguousStrides());
        assertEquals(0, Shape.of(0, 1 << 30, 1 << 30).numel());
    }

    @Test
    void emptyAxesStillBoundTheStrides() {
        // strides count an empty axis as 1, so a span beyond a long is refused even when numel is 0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(0, 1 << 30, 1 << 30, 1 << 30));
        assertTrue(e.getMessage().contains("[0, 1073741824, 1073741824, 1073741824]"), e.getMessage());
    }
}

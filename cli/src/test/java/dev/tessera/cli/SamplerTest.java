package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplerTest {
    @Test
    void greedyPicksTheLargestLogitButNeverTheUnknownSymbol() {
        assertEquals(2, Sampler.pick(new float[]{9, 1, 3, 2}, 0, 0.5));
        assertEquals(1, Sampler.pick(new float[]{9, 3, 3, 2}, 0, 0.5), "first of ties");
    }

    @Test
    void drawsInvertTheTemperedDistribution() {
        float[] logits = {5, 0, (float) Math.log(3)};
        // T = 1: p = (0, 1/4, 3/4) without the unknown symbol
        assertEquals(1, Sampler.pick(logits, 1, 0.0));
        assertEquals(1, Sampler.pick(logits, 1, 0.2499));
        assertEquals(2, Sampler.pick(logits, 1, 0.2501));
        assertEquals(2, Sampler.pick(logits, 1, 0.9999));
        // T = 0.5 squares the odds: p = (1/10, 9/10)
        assertEquals(1, Sampler.pick(logits, 0.5, 0.0999));
        assertEquals(2, Sampler.pick(logits, 0.5, 0.1001));
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals("--length must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Sampler.check(0, 1)).getMessage());
        assertEquals("--temperature must be 0 (greedy) or a finite number > 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Sampler.check(5, Double.NaN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampler.check(5, Double.POSITIVE_INFINITY));
        Sampler.check(1, 0);
    }
}

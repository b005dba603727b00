package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScopeTest {
    private final Device d = Device.of("reference");

    @Test
    void persistedTensorSurvivesEveryEnclosingScope() {
        Tensor kept;
        Tensor dropped;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                kept = Scope.persist(Tensor.ones(Shape.of(3), DType.FLOAT32, d));
                dropped = Tensor.ones(Shape.of(3), DType.FLOAT32, d);
                assertEquals(1, inner.trackedCount());
            }
            assertEquals(0, outer.trackedCount());
        }
        assertTrue(dropped.isClosed());
        assertFalse(kept.isClosed());
        assertEquals(3.0, kept.sum().item());
        kept.close();
    }
}

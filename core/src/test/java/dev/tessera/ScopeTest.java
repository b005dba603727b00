package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensor lifetime: scopes, keep, nesting, use after close, memory accounting. */
class ScopeTest {
    private final Device d = Device.of("reference");

    @Test
    void scopeClosesWhatWasCreatedInsideExceptKeptTensors() {
        long before = d.memoryStats().bytesInUse();
        Tensor kept;
        Tensor dropped;
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(Shape.of(100), DType.FLOAT32, d);
            dropped = a.mul(2);
            kept = s.keep(a.add(1));
            assertEquals(2, s.trackedCount(), "the kept tensor left the scope");
        }
        assertTrue(dropped.isClosed());
        assertFalse(kept.isClosed());
        assertEquals(2.0, kept.get(0));
        kept.close();
        assertEquals(before, d.memoryStats().bytesInUse());
    }

    @Test
    void nestedScopesHandTensorsOutwards() {
        Tensor survivor;
        try (Scope outer = Scope.open()) {
            Tensor fromInner;
            try (Scope inner = Scope.open()) {
                fromInner = inner.keep(Tensor.zeros(Shape.of(3), DType.FLOAT32, d));
            }
            assertFalse(fromInner.isClosed());
            survivor = outer.keep(fromInner);
        }
        assertFalse(survivor.isClosed());
        survivor.close();
    }

    @Test
    void scopesCloseInnermostFirst() {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        inner.close();
        outer.close();
        assertNull(Scope.current());
    }

    @Test
    void useAfterCloseThrowsAndDebugModeSaysWhere() {
        Tensor t = Tensor.zeros(Shape.of(2), DType.FLOAT32, d);
        t.close();
        TensorClosedException e = assertThrows(TensorClosedException.class, () -> t.add(1));
        assertTrue(e.getMessage().contains("add: tensor of shape [2]") && e.getMessage().contains("already closed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dtessera.debug=true"), e.getMessage());
        Tessera.setDebug(true);
        try {
            Tensor u = Tensor.zeros(Shape.of(2), DType.FLOAT32, d);
            u.close();
            TensorClosedException de = assertThrows(TensorClosedException.class, u::toFloatArray);
            assertNotNull(de.getCause(), "debug mode records the close site");
            assertTrue(de.getCause().getStackTrace()[1].getMethodName().contains("useAfterClose"),
                    "the recorded site is this test");
        } finally {
            Tessera.setDebug(false);
        }
    }

    @Test
    void viewsKeepTheBufferAliveUntilTheLastOneCloses() {
        long before = d.memoryStats().bytesInUse();
        Tensor base = Tensor.ones(Shape.of(4, 4), DType.FLOAT32, d);
        Tensor view = base.t();
        base.close();
        assertEquals(1.0, view.get(0, 1), "the view still reads the shared buffer");
        view.close();
        assertEquals(before, d.memoryStats().bytesInUse());
    }

    @Test
    void peakMemoryIsTracked() {
        d.resetPeak();
        long base = d.memoryStats().bytesInUse();
        try (Scope s = Scope.open()) {
            Tensor.zeros(Shape.of(1000), DType.FLOAT64, d);
        }
        assertTrue(d.memoryStats().peakBytes() >= base + 8000, d.memoryStats().toString());
    }
}

package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.UnaryOp;
import java.util.function.Function;
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
        assertClosesInnermostFirst(outer::close, inner::close);
        assertNull(Scope.current());
    }

    /**
     * Closing the outer of two nested scopes while the inner is open fails, saying to close innermost first; closing
     * the inner and then the outer succeeds.
     */
    static void assertClosesInnermostFirst(Runnable closeOuter, Runnable closeInner) {
        IllegalStateException e = assertThrows(IllegalStateException.class, closeOuter::run);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        closeInner.run();
        closeOuter.run();
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

    /** Composite ops open internal scopes; what their graphs saved must outlive them, with or without a user scope. */
    @Test
    void compositeOpsKeepWhatTheirGraphNeedsForBackward() {
        check(x -> x.mul(2.0).mean(), new double[]{2.0 / 3, 2.0 / 3, 2.0 / 3});
        check(Tensor::var, new double[]{-4.0 / 3, -1.0 / 3, 5.0 / 3});
        check(x -> x.logsumexp(0), softmaxOf(1, 2, 4));
        check(x -> x.clamp(1.5, 3).sum(), new double[]{0, 1, 0});
        check(x -> x.matmul(Tensor.of(d, new double[]{1, -1, 2})), new double[]{1, -1, 2});
        check(x -> x.reshape(1, 3).linear(Tensor.of(d, new double[]{1, -1, 2}, 1, 3), null).sum(),
                new double[]{1, -1, 2});
        check(x -> x.reshape(1, 3).linear(Tensor.of(d, new double[]{1, -1, 2}, 1, 3), null, UnaryOp.TANH, 0).sum(),
                new double[]{1 - Math.pow(Math.tanh(7), 2), -(1 - Math.pow(Math.tanh(7), 2)),
                        2 * (1 - Math.pow(Math.tanh(7), 2))});
    }

    private void check(Function<Tensor, Tensor> f, double[] expectedGrad) {
        Tensor x = Tensor.of(d, new double[]{1, 2, 4}).requiresGrad(true);
        f.apply(x).backward();
        assertArrayEquals(expectedGrad, x.grad().toDoubleArray(), 1e-12, "without a user scope");
        x.zeroGrad();
        long before = d.memoryStats().bytesInUse();
        try (Scope s = Scope.open()) {
            f.apply(x).backward();
            assertArrayEquals(expectedGrad, x.grad().toDoubleArray(), 1e-12, "inside a user scope");
        }
        x.zeroGrad();
        assertEquals(before, d.memoryStats().bytesInUse(), "the user scope closes every temporary");
    }

    private static double[] softmaxOf(double... v) {
        double s = 0;
        for (double x : v) {
            s += Math.exp(x);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.exp(v[i]) / s;
        }
        return out;
    }
}

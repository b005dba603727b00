package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The autocast op policy on the reference backend: GEMM-like ops in the half type, FLOAT32-list ops in FLOAT32,
 * FLOAT32 master weights with FLOAT32 gradients, the weight-cast cache and scope nesting.
 */
class AutocastTest {
    private static final Device REF = Device.of("reference");

    private static Tensor values(int rows, int cols, double phase) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.37 + phase);
        }
        return Tensor.of(REF, DType.FLOAT32, v, rows, cols);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void linearRunsInTheHalfTypeAndGradientsReachTheFloat32Weights(DType half) {
        try (Scope s = Scope.open()) {
            Tensor x = values(5, 7, 0.1);
            Tensor w = values(3, 7, 0.2).requiresGrad(true);
            Tensor b = values(1, 3, 0.3).reshape(3).detach().requiresGrad(true);
            Tensor y;
            try (Autocast a = Autocast.enable(half)) {
                y = x.linear(w, b, Activation.RELU);
            }
            assertEquals(half, y.dtype());
            y.to(DType.FLOAT32).square().sum().backward();
            Tensor gw = w.grad();
            Tensor gb = b.grad();
            assertEquals(DType.FLOAT32, gw.dtype(), "master weights keep FLOAT32 gradients");
            assertEquals(DType.FLOAT32, gb.dtype());

            Tensor w2 = w.detach().requiresGrad(true);
            Tensor b2 = b.detach().requiresGrad(true);
            Tensor manual = x.to(half).linear(w2.to(half), b2.to(half), Activation.RELU);
            manual.to(DType.FLOAT32).square().sum().backward();
            assertArrayEquals(manual.toDoubleArray(), y.toDoubleArray(), 0.0);
            assertArrayEquals(w2.grad().toDoubleArray(), gw.toDoubleArray(), 0.0);
            assertArrayEquals(b2.grad().toDoubleArray(), gb.toDoubleArray(), 0.0);
        }
    }

    @Test
    void matmulAndConvolutionLowerFloat32InputsButNotFloat64() {
        try (Scope s = Scope.open(); Autocast a = Autocast.enable(DType.BFLOAT16)) {
            assertEquals(DType.BFLOAT16, values(2, 3, 0).matmul(values(3, 4, 1)).dtype());
            Tensor wide = values(2, 3, 0).to(DType.FLOAT64);
            assertEquals(DType.FLOAT64, wide.matmul(values(3, 4, 1).to(DType.FLOAT64)).dtype());
            ConvShape shape = ConvShape.of(1, 2, 5, 5, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1);
            Tensor img = values(2, 25, 0.5).reshape(1, 2, 5, 5);
            Tensor kernel = values(3, 18, 0.7).reshape(3, 2, 3, 3);
            assertEquals(DType.BFLOAT16, Convolutions.conv2d(img, kernel, shape).dtype());
        }
    }

    @Test
    void float32ListOpsWidenHalfInputsOnlyInsideAScope() {
        try (Scope s = Scope.open()) {
            Tensor h = values(4, 3, 0).to(DType.BFLOAT16);
            Tensor labels = Tensor.of(REF, new int[]{0, 2, 1, 0});
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                assertEquals(DType.FLOAT32, h.softmax(1).dtype());
                assertEquals(DType.FLOAT32, h.logSoftmax(1).dtype());
                assertEquals(DType.FLOAT32, h.softmaxCrossEntropy(labels, null, 0).dtype());
                assertEquals(DType.FLOAT32, h.sum().dtype());
                assertEquals(DType.FLOAT32, h.mean(1).dtype());
                assertEquals(DType.FLOAT32, h.exp().dtype());
                assertEquals(DType.FLOAT32, h.log().dtype());
                assertEquals(DType.FLOAT32, h.pow(2.0).dtype());
                assertEquals(DType.FLOAT32, h.logsumexp(1).dtype());
                assertEquals(DType.BFLOAT16, h.relu().dtype(), "not on a list: the input's type");
                assertEquals(DType.BFLOAT16, h.max().dtype(), "max is on no list");
                assertEquals(DType.FLOAT32, h.add(values(4, 3, 1)).dtype(), "promotion to the widest input");
                double[] wide = h.to(DType.FLOAT32).exp().toDoubleArray();
                assertArrayEquals(wide, h.exp().toDoubleArray(), 0.0, "exp of the widened input, not rounded");
            }
            assertEquals(DType.BFLOAT16, h.softmax(1).dtype());
            assertEquals(DType.BFLOAT16, h.exp().dtype());
        }
    }

    @Test
    void aParameterIsCastOncePerOutermostScope() {
        try (Scope s = Scope.open()) {
            Tensor w = values(3, 4, 0).requiresGrad(true);
            Tensor x = values(2, 4, 1);
            Tensor first;
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                first = Autocast.lower(w);
                try (Autocast inner = Autocast.enable(DType.BFLOAT16)) {
                    assertSame(first, Autocast.lower(w), "the nested scope shares the cache");
                }
                assertSame(first, Autocast.lower(w));
                assertNotSame(Autocast.lower(x), Autocast.lower(x), "only leaves that require a gradient are cached");
            }
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                assertNotSame(first, Autocast.lower(w), "closing the outermost scope empties the cache");
            }
        }
    }

    @Test
    void cachedCastsOutliveInnerScopesAndTheAutocastScope() {
        try (Scope outer = Scope.open()) {
            Tensor w = values(3, 4, 0).requiresGrad(true);
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                try (Scope step = Scope.open()) {
                    values(2, 4, 1).linear(w, null).sum();
                }
                try (Scope step = Scope.open()) {
                    values(2, 4, 2).linear(w, null).sum().backward();
                }
            }
            Tensor first = w.grad().detach().copy();
            w.zeroGrad();
            try (Scope step = Scope.open()) {
                Tensor loss;
                try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                    loss = values(2, 4, 2).linear(w, null).sum();
                }
                loss.backward();
            }
            assertEquals(DType.FLOAT32, w.grad().dtype());
            assertTrue(first.abs().sum().item() > 0);
            assertArrayEquals(first.toDoubleArray(), w.grad().toDoubleArray(), 0.0);
        }
    }

    @Test
    void disableInsideEnableStopsCastingAndNestingRestoresIt() {
        try (Scope s = Scope.open()) {
            assertNull(Autocast.active());
            try (Autocast a = Autocast.enable(DType.BFLOAT16)) {
                try (Autocast off = Autocast.disable()) {
                    assertNull(Autocast.active());
                    assertEquals(DType.FLOAT32, values(2, 3, 0).matmul(values(3, 2, 1)).dtype());
                }
                try (Autocast f16 = Autocast.enable(DType.FLOAT16)) {
                    assertEquals(DType.FLOAT16, values(2, 3, 0).matmul(values(3, 2, 1)).dtype());
                }
                assertEquals(DType.BFLOAT16, Autocast.active());
            }
            assertNull(Autocast.active());
        }
    }

    @Test
    void badUseIsRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autocast.enable(DType.FLOAT32));
        assertTrue(e.getMessage().contains("FLOAT16 or BFLOAT16"), e.getMessage());
        Autocast outer = Autocast.enable(DType.BFLOAT16);
        Autocast inner = Autocast.enable(DType.BFLOAT16);
        ScopeTest.assertClosesInnermostFirst(outer::close, inner::close);
        assertNull(Autocast.active());
    }

    @Test
    void theFloat32ListIsNamedPerOp() {
        try (Scope s = Scope.open(); Autocast a = Autocast.enable(DType.FLOAT16)) {
            Tensor h = values(2, 2, 0).to(DType.FLOAT16);
            assertSame(h, Autocast.float32(UnaryOp.TANH, h));
            assertEquals(DType.FLOAT32, Autocast.float32(UnaryOp.RSQRT, h).dtype());
        }
    }
}

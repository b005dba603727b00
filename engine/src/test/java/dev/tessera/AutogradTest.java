package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.autograd.GradMode;
import dev.tessera.autograd.GradientChecker;
import org.junit.jupiter.api.Test;

/** Semantics of the autograd engine: accumulation, detach, no-grad, explicit gradients and misuse errors. */
class AutogradTest {
    private final Device d = Device.of("reference");

    private Tensor leaf(double... v) {
        return Tensor.of(d, v).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[]{2, 4, 6}, x.grad().toDoubleArray());
        x.mul(3).sum().backward();
        assertArrayEquals(new double[]{5, 7, 9}, x.grad().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void diamondGraphsAddBothPaths() {
        Tensor x = leaf(2);
        Tensor y = x.exp();
        y.mul(y).add(y.mul(2)).sum().backward();
        double e = Math.exp(2);
        assertEquals(2 * e * e + 2 * e, x.grad().item(), 1e-9);
    }

    @Test
    void explicitGradientForNonScalarOutputs() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
        y.backward(Tensor.of(d, new double[]{1, 10}));
        assertArrayEquals(new double[]{2, 40}, x.grad().toDoubleArray());
    }

    @Test
    void detachAndNoGradStopTheGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.detach().mul(2);
        assertFalse(y.requiresGrad());
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertFalse(x.mul(2).requiresGrad());
        }
        assertTrue(x.mul(2).requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void misuseIsRejectedWithClearMessages() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(true));
        assertTrue(e.getMessage().contains("only leaf tensors"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Tensor.of(d, new int[]{1}).requiresGrad(true));
        assertTrue(e.getMessage().contains("only floating tensors"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> x.addInPlace(x));
        assertTrue(e.getMessage().contains("in-place write to a tensor") && e.getMessage().contains("noGrad"),
                e.getMessage());
    }

    @Test
    void inPlaceChangeOfASavedTensorIsDetected() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(1);
        Tensor z = y.exp();
        try (GradMode.Guard g = GradMode.noGrad()) {
            y.fill(5);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void aBackwardThatFailsOnAModifiedSavedTensorFreesItsGradients() {
        Tensor x = leaf(1, 2, 3, 4);
        Tensor y = x.mul(1);
        Tensor z = y.exp();
        Tensor loss = z.sum();
        try (GradMode.Guard g = GradMode.noGrad()) {
            y.fill(5);
        }
        long before = d.memoryStats().bytesInUse();
        for (int attempt = 0; attempt < 3; attempt++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
            assertEquals(before, d.memoryStats().bytesInUse(),
                    "failed backward " + (attempt + 1) + " left a gradient buffer allocated");
        }
        assertNull(x.grad());
    }

    @Test
    void gradientCheckerCatchesAWrongGradient() {
        GradientChecker checker = new GradientChecker();
        Tensor x = Tensor.of(d, new double[]{0.3, -0.7, 1.1});
        assertTrue(checker.check(t -> t[0].tanh().mul(t[0]), x).passed());
        // A function whose analytic gradient is deliberately wrong: detach hides one path from autograd.
        GradientChecker.Result wrong = checker.check(t -> t[0].mul(t[0].detach()), x);
        assertFalse(wrong.passed(), wrong.toString());
        assertThrows(AssertionError.class, () -> checker.assertGradients(t -> t[0].mul(t[0].detach()), x));
    }

    @Test
    void sameInputTwiceAndBroadcastGradients() {
        Tensor a = Tensor.of(d, new double[]{1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(d, new double[]{1, 1, 1}).requiresGrad(true);
        a.mul(b).add(b).sum().backward();
        assertArrayEquals(new double[]{1 + 4 + 2, 2 + 5 + 2, 3 + 6 + 2}, b.grad().toDoubleArray());
        assertArrayEquals(new double[]{1, 1, 1, 1, 1, 1}, a.grad().toDoubleArray());
    }

    @Test
    void aSecondBackwardThroughAFreedGraphRaisesUnlessRetained() {
        Device d = Device.of("reference");
        Tensor x = Tensor.of(d, new double[]{1, 2, 3}, 3).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("Trying to backward through the graph a second time"), e.getMessage());
        assertArrayEquals(new double[]{2, 4, 6}, x.grad().toDoubleArray(), "the failed pass added nothing");

        Tensor kept = x.mul(x).sum();
        kept.backward(true);
        kept.backward(true);
        kept.backward();
        assertArrayEquals(new double[]{8, 16, 24}, x.grad().toDoubleArray(), "three more passes accumulated");
        assertThrows(IllegalStateException.class, kept::backward);
    }
}

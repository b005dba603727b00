package dev.tessera.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.testing.TorchFixture;
import org.junit.jupiter.api.Test;

/** k micro-batches accumulated equal one batch k times as large, then the same optimizer step (FLOAT32). */
class GradientAccumulatorTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(8));

    @Test
    void fourMicroBatchesEqualOneFourTimesLargerBatch() {
        int k = 4;
        int micro = 6;
        Tensor x = Tensor.normal(new Generator(1), 0, 1, Shape.of(k * micro, 5), DType.FLOAT32, TorchFixture.DEVICE);
        int[] y = new int[k * micro];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        Tensor labels = Tensor.of(TorchFixture.DEVICE, y, y.length);
        Sequential a = new Sequential(new Linear(5, 7, true, opts), new ReLU(), new Linear(7, 3, true, opts));
        Sequential b = new Sequential(new Linear(5, 7, true, opts), new ReLU(), new Linear(7, 3, true, opts));
        b.loadStateDict(a.stateDict());
        SGD optA = new SGD(a.namedParameters(), 0.5, 0.9);
        SGD optB = new SGD(b.namedParameters(), 0.5, 0.9);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        GradientAccumulator acc = new GradientAccumulator(k);
        for (int round = 0; round < 3; round++) {
            try (Scope s = Scope.open()) {
                ce.compute(a.forward(x), labels).backward();
                optA.step();
                optA.zeroGrad();
                for (int m = 0; m < k; m++) {
                    Tensor xm = x.slice(0, m * micro, (m + 1) * micro);
                    Tensor ym = labels.slice(0, m * micro, (m + 1) * micro);
                    acc.scale(ce.compute(b.forward(xm), ym)).backward();
                    boolean step = acc.endMicroBatch();
                    assertEquals(m == k - 1, step);
                    if (step) {
                        optB.step();
                        optB.zeroGrad();
                    }
                }
            }
        }
        for (String name : a.namedParameters().keySet()) {
            TorchFixture.assertClose(name, a.namedParameters().get(name).toDoubleArray(),
                    b.namedParameters().get(name).toDoubleArray(), 1e-5, 1e-6);
        }
    }

    @Test
    void shortLastGroupIsRescaledToItsMean() {
        Tensor w = Tensor.of(TorchFixture.DEVICE, new double[]{1}, 1).requiresGrad(true);
        GradientAccumulator acc = new GradientAccumulator(4);
        acc.scale(w.mul(2.0).sum()).backward();
        assertFalse(acc.endMicroBatch());
        acc.scale(w.mul(4.0).sum()).backward();
        assertFalse(acc.endMicroBatch());
        assertEquals(2, acc.pending());
        acc.rescalePending(java.util.List.of(w));
        assertEquals(3.0, w.grad().item(), 1e-15);
        assertEquals(0, acc.pending());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GradientAccumulator(0)).getMessage()
                .contains("steps must be >= 1, got 0"));
    }
}

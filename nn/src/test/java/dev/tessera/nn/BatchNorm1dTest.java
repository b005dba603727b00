package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Train and eval mode, running statistics with momentum or cumulative average, and gradients, against PyTorch. */
class BatchNorm1dTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(1));

    @Test
    void trainingStepsAndEvaluationMatchPyTorch() {
        try (TorchFixture fx = TorchFixture.load("batchnorm.safetensors")) {
            for (String name : new String[]{"bn2d", "bn3d", "bn_cumulative"}) {
                String momentum = fx.config(name).get("momentum");
                BatchNorm1d bn = new BatchNorm1d(3, fx.number(name, "eps"),
                        momentum.equals("None") ? null : Double.valueOf(momentum), true, true, opts);
                try (dev.tessera.autograd.GradMode.Guard g = dev.tessera.autograd.GradMode.noGrad()) {
                    bn.weight().assign(fx.tensor(name + ".weight"));
                    bn.bias().assign(fx.tensor(name + ".bias"));
                }
                for (int step = 0; step < 3; step++) {
                    String p = name + ".train" + step + ".";
                    bn.train();
                    bn.zeroGrad();
                    Tensor x = fx.tensor(p + "x").copy().requiresGrad(true);
                    Tensor y = bn.forward(x);
                    y.backward(fx.tensor(p + "g"));
                    fx.assertClose(p + "y", y, 1e-10, 1e-12);
                    fx.assertClose(p + "dx", x.grad(), 1e-9, 1e-11);
                    fx.assertClose(p + "dweight", bn.weight().grad(), 1e-10, 1e-12);
                    fx.assertClose(p + "dbias", bn.bias().grad(), 1e-10, 1e-12);
                    fx.assertClose(p + "running_mean", bn.runningMean(), 1e-12, 1e-14);
                    fx.assertClose(p + "running_var", bn.runningVar(), 1e-12, 1e-14);
                }
                assertEquals(3, bn.namedBuffers().get("num_batches_tracked").item());
                bn.eval();
                fx.assertClose(name + ".eval.y", bn.forward(fx.tensor(name + ".eval.x")), 1e-10, 1e-12);
            }
        }
    }

    @Test
    void stateDictUsesPyTorchNames() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, true, true, opts);
        assertEquals(java.util.List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                java.util.List.copyOf(bn.stateDict().keySet()));
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(bn.namedParameters().keySet()));
    }

    @Test
    void withoutRunningStatsEvaluationUsesTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, false, opts);
        bn.eval();
        Tensor x = Tensor.of(TorchFixture.DEVICE, new double[]{1, 10, 3, 30}, 2, 2);
        double[] y = bn.forward(x).toDoubleArray();
        assertEquals(-1.0, y[0], 1e-4);
        assertEquals(1.0, y[3], 1e-4);
        assertTrue(bn.stateDict().isEmpty());
    }

    @Test
    void rejectsBadArgumentsAndInputs() {
        assertEquals("BatchNorm1d: momentum must be in [0, 1] (or null), got 1.5", assertThrows(
                IllegalArgumentException.class, () -> new BatchNorm1d(3, 1e-5, 1.5, true, true, opts)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3, 0, 0.1, true, true, opts));
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, true, true, opts);
        Tensor wrong = Tensor.zeros(Shape.of(4, 2), DType.FLOAT64, TorchFixture.DEVICE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bn.forward(wrong)).getMessage()
                .contains("expected input [N, 3] or [N, 3, L], got [4, 2]"));
        Tensor single = Tensor.zeros(Shape.of(1, 3), DType.FLOAT64, TorchFixture.DEVICE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bn.forward(single)).getMessage()
                .contains("more than one value per channel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bn.forward(single)).getMessage()
                .contains("--drop-last"), "a hint at the usual cause");
    }
}

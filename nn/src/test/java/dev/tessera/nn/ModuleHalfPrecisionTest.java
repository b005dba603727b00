package dev.tessera.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.HalfFloats;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.optim.Adam;
import dev.tessera.optim.SGD;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Module.to(FLOAT16 | BFLOAT16)} (PyTorch's {@code model.half()}): parameters and floating buffers become
 * the half type, the forward pass, the gradients and the optimizer updates stay in it.
 */
class ModuleHalfPrecisionTest {
    private static Sequential model() {
        TensorOptions o = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(11));
        return new Sequential(new Linear(6, 8, true, o), new BatchNorm1d(8), new ReLU(), new Linear(8, 3, true, o));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void forwardGradientsAndUpdatesStayInTheHalfType(DType half) {
        try (Scope s = Scope.open()) {
            Sequential model = model();
            model.to(half);
            model.namedParameters().forEach((k, v) -> assertEquals(half, v.dtype(), k));
            model.namedBuffers().forEach((k, v) -> assertTrue(!v.dtype().isFloating() || v.dtype() == half, k));
            Tensor x = Tensor.normal(new Generator(3), 0, 1, dev.tessera.Shape.of(16, 6), half, TorchFixture.DEVICE);
            Tensor labels = Tensor.of(TorchFixture.DEVICE, new int[]{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0},
                    16);
            Tensor logits = model.forward(x);
            assertEquals(half, logits.dtype());
            Tensor loss = logits.softmaxCrossEntropy(labels, null, 0).mean();
            assertEquals(half, loss.dtype());
            loss.backward();
            Map<String, Tensor> params = model.namedParameters();
            Tensor w = params.get("0.weight");
            double[] before = w.toDoubleArray();
            double[] grad = w.grad().toDoubleArray();
            assertEquals(half, w.grad().dtype());
            new SGD(params, 0.5).step();
            assertEquals(half, w.dtype());
            double[] after = w.toDoubleArray();
            for (int i = 0; i < before.length; i++) {
                double expected = HalfFloats.widen(half, HalfFloats.narrow(half, (float) (before[i] - 0.5 * grad[i])));
                assertEquals(expected, after[i], 2 * ulp(half, expected), "SGD on element " + i);
            }
            Adam adam = new Adam(params, 0.01);
            model.zeroGrad();
            model.forward(x).softmaxCrossEntropy(labels, null, 0).mean().backward();
            adam.step();
            assertEquals(half, w.dtype());
            assertNotEquals(after[0], w.toDoubleArray()[0], "Adam moved the half parameter");
        }
    }

    private static double ulp(DType half, double x) {
        return HalfFloats.widen(half, (short) (HalfFloats.narrow(half, (float) Math.abs(x)) + 1))
                - HalfFloats.widen(half, HalfFloats.narrow(half, (float) Math.abs(x)));
    }
}

package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tessera.autograd.GradMode;
import org.junit.jupiter.api.Test;

/** The course notes' claim, as a test: a small MLP trained with plain SGD solves XOR (100% accuracy). */
class XorTrainingTest {
    @Test
    void mlpLearnsXorWithPlainSgd() {
        Device d = Device.of("reference");
        Generator g = new Generator(1);
        Tensor x = Tensor.of(d, new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(d, new int[]{0, 1, 1, 0});
        Tensor w1 = Tensor.normal(g, 0, 1, Shape.of(8, 2), DType.FLOAT32, d).requiresGrad(true);
        Tensor b1 = Tensor.zeros(Shape.of(8), DType.FLOAT32, d).requiresGrad(true);
        Tensor w2 = Tensor.normal(g, 0, 0.5, Shape.of(2, 8), DType.FLOAT32, d).requiresGrad(true);
        Tensor b2 = Tensor.zeros(Shape.of(2), DType.FLOAT32, d).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        for (int step = 0; step < 500; step++) {
            try (Scope s = Scope.open()) {
                Tensor logits = x.linear(w1, b1, Activation.TANH).linear(w2, b2);
                logits.softmaxCrossEntropy(y, null, 0).mean().backward();
                try (GradMode.Guard ng = GradMode.noGrad()) {
                    for (Tensor p : params) {
                        p.subInPlace(p.grad().mul(0.5));
                        p.zeroGrad();
                    }
                }
            }
        }
        int[] predicted = x.linear(w1, b1, Activation.TANH).linear(w2, b2).argmax(1, false).toIntArray();
        assertArrayEquals(new int[]{0, 1, 1, 0}, predicted);
    }
}

package dev.tessera.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Device;
import dev.tessera.Tensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each builder with no settings steps exactly as the positional constructor given PyTorch's defaults, and each
 * setting reaches the optimizer.
 */
class OptimizersTest {
    private static final Device D = Device.of("reference");

    /** Three steps of {@code optimizer} on {@code sum(w^2 * c)} from a fixed start; the final weights. */
    private static double[] run(Function<Map<String, Tensor>, Optimizer> make) {
        Tensor w = Tensor.of(D, new double[]{0.5, -1.5, 2.0}, 3).requiresGrad(true);
        Tensor c = Tensor.of(D, new double[]{1, 3, 0.25}, 3);
        Optimizer opt = make.apply(Map.of("w", w));
        for (int i = 0; i < 3; i++) {
            w.zeroGrad();
            w.mul(w).mul(c).sum().backward();
            opt.step();
        }
        return w.toDoubleArray();
    }

    @Test
    void defaultsAreTorchDefaults() {
        assertArrayEquals(run(p -> new SGD(OptimizerBuilder.single(p), 1e-3, 0, 0, false, 0, false)),
                run(p -> Optimizers.sgd(p).build()), 0);
        assertArrayEquals(run(p -> new Adagrad(OptimizerBuilder.single(p), 1e-2, 0, 0, 0, 1e-10)),
                run(p -> Optimizers.adagrad(p).build()), 0);
        assertArrayEquals(run(p -> new RMSprop(OptimizerBuilder.single(p), 1e-2, 0.99, 1e-8, 0, 0, false)),
                run(p -> Optimizers.rmsprop(p).build()), 0);
        assertArrayEquals(run(p -> new Adam(OptimizerBuilder.single(p), 1e-3, 0.9, 0.999, 1e-8, 0, false)),
                run(p -> Optimizers.adam(p).build()), 0);
        assertArrayEquals(run(p -> new AdamW(OptimizerBuilder.single(p), 1e-3, 0.9, 0.999, 1e-8, 0.01, false)),
                run(p -> Optimizers.adamW(p).build()), 0);
    }

    @Test
    void settingsReachTheOptimizer() {
        assertArrayEquals(run(p -> new SGD(OptimizerBuilder.single(p), 0.05, 0.9, 0, true, 0.01, true)),
                run(p -> Optimizers.sgd(p).lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.01)
                        .decoupledWeightDecay(true).build()), 0);
        assertArrayEquals(run(p -> new SGD(OptimizerBuilder.single(p), 0.05, 0.9, 0.3, false, 0, false)),
                run(p -> Optimizers.sgd(p).lr(0.05).momentum(0.9).dampening(0.3).build()), 0);
        assertArrayEquals(run(p -> new Adagrad(OptimizerBuilder.single(p), 0.1, 0.01, 0.02, 0.5, 1e-6)),
                run(p -> Optimizers.adagrad(p).lr(0.1).lrDecay(0.01).weightDecay(0.02).initialAccumulatorValue(0.5)
                        .eps(1e-6).build()), 0);
        assertArrayEquals(run(p -> new RMSprop(OptimizerBuilder.single(p), 0.01, 0.9, 1e-6, 0.01, 0.5, true)),
                run(p -> Optimizers.rmsprop(p).alpha(0.9).eps(1e-6).weightDecay(0.01).momentum(0.5).centered(true)
                        .build()), 0);
        assertArrayEquals(run(p -> new Adam(OptimizerBuilder.single(p), 0.1, 0.8, 0.99, 1e-6, 0.01, true)),
                run(p -> Optimizers.adam(p).lr(0.1).betas(0.8, 0.99).eps(1e-6).weightDecay(0.01).amsgrad(true)
                        .build()), 0);
        assertArrayEquals(run(p -> new AdamW(OptimizerBuilder.single(p), 0.1, 0.8, 0.99, 1e-6, 0.1, false)),
                run(p -> Optimizers.adamW(p).lr(0.1).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1).build()), 0);
    }

    @Test
    void buildsTheRightTypeAndChecksValues() {
        Map<String, Tensor> p = Map.of("w", Tensor.of(D, new double[]{1}, 1));
        assertInstanceOf(AdamW.class, Optimizers.adamW(p).build());
        assertEquals(Adam.class, Optimizers.adam(p).build().getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.adam(p).betas(1.0, 0.999).build());
        assertEquals(true, e.getMessage().contains("beta1"), e.getMessage());
    }
}

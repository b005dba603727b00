package dev.tessera.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Module;
import dev.tessera.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/** Plain single-process training with a recipe on the CPU: the reference the data-parallel runs are compared with. */
final class SingleProcessReference {
    private SingleProcessReference() {
    }

    /** The rows of one step: {@code x} row-major features, {@code y} labels. */
    record Rows(float[] x, int[] y) {
    }

    /** The final weights by state-dict key and the loss of every step. */
    record Result(Map<String, float[]> weights, double[] losses) {
    }

    /** Trains {@code recipe}'s model for {@code steps} steps, step {@code t} on {@code rows(t)} at rate {@code rate(t)}. */
    static Result train(MlpRecipe recipe, int steps, IntFunction<Rows> rows, IntToDoubleFunction rate) {
        Device cpu = Device.cpu();
        double[] losses = new double[steps];
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Scope scope = Scope.open(); Module model = recipe.model(cpu)) {
            Optimizer opt = recipe.optimizer(model);
            Loss loss = recipe.loss(model);
            for (int t = 0; t < steps; t++) {
                Rows r = rows.apply(t);
                double lr = rate.applyAsDouble(t);
                opt.groups().forEach(g -> g.setLr(lr));
                try (Scope s = Scope.open()) {
                    Tensor l = loss.compute(model.forward(Tensor.of(cpu, r.x(), r.y().length, recipe.features())),
                            Tensor.of(cpu, r.y(), r.y().length));
                    losses[t] = l.item();
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                }
            }
            model.stateDict().forEach((k, v) -> out.put(k, v.toFloatArray()));
            opt.closeState();
        }
        return new Result(out, losses);
    }

    /** Every tensor within {@code rtol} of the reference, relative to the tensor's largest magnitude. */
    static void assertClose(Map<String, float[]> expected, DataParallelResult result, double rtol) {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> got = result.modelState(Device.cpu());
            assertEquals(expected.keySet(), got.keySet());
            expected.forEach((k, e) -> {
                float[] g = got.get(k).toFloatArray();
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < e.length; i++) {
                    scale = Math.max(scale, Math.abs(e[i]));
                    diff = Math.max(diff, Math.abs(e[i] - g[i]));
                }
                assertTrue(diff <= rtol * scale, k + ": max difference " + diff + " exceeds " + rtol + " x " + scale);
            });
        }
    }
}

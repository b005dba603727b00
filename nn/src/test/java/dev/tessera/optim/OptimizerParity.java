package dev.tessera.optim;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.loss.MSELoss;
import dev.tessera.testing.TorchFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the fixtures' small regression problem (a linear layer fit by MSE) for 25 steps with an optimizer and
 * compares the parameters after every step with PyTorch's trajectory, in FLOAT64.
 */
final class OptimizerParity {
    static final TorchFixture FX = TorchFixture.load("optimizers.safetensors");
    /** Relative tolerance; PyTorch parity requires 1e-5, FLOAT64 on both sides allows far tighter. */
    static final double RTOL = 1e-10;

    private OptimizerParity() {
    }

    /** Fresh copies of the initial weight and bias, named as in a Linear layer. */
    static Map<String, Tensor> params() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("weight", Scope.persist(FX.tensor("weight0").copy()).requiresGrad(true));
        p.put("bias", Scope.persist(FX.tensor("bias0").copy()).requiresGrad(true));
        return p;
    }

    /** One training step's gradient: zero, forward, MSE, backward. */
    static void gradient(Map<String, Tensor> p) {
        p.values().forEach(Tensor::zeroGrad);
        try (Scope s = Scope.open()) {
            new MSELoss().compute(FX.tensor("x").linear(p.get("weight"), p.get("bias")), FX.tensor("y")).backward();
        }
    }

    /** Runs {@code name}'s trajectory with the optimizer {@code make} builds; {@code beforeStep} may clip. */
    static void check(String name, Function<Map<String, Tensor>, Optimizer> make,
                      Consumer<Map<String, Tensor>> beforeStep) {
        Map<String, Tensor> p = params();
        Optimizer opt = make.apply(p);
        double[] w = FX.doubles(name + ".weight");
        double[] b = FX.doubles(name + ".bias");
        int nw = Math.toIntExact(p.get("weight").numel());
        int nb = Math.toIntExact(p.get("bias").numel());
        for (int step = 0; step < 25; step++) {
            gradient(p);
            beforeStep.accept(p);
            opt.step();
            TorchFixture.assertClose(name + " weight after step " + (step + 1),
                    java.util.Arrays.copyOfRange(w, step * nw, (step + 1) * nw), p.get("weight").toDoubleArray(),
                    RTOL, 1e-14);
            TorchFixture.assertClose(name + " bias after step " + (step + 1),
                    java.util.Arrays.copyOfRange(b, step * nb, (step + 1) * nb), p.get("bias").toDoubleArray(),
                    RTOL, 1e-14);
        }
    }

    static void check(String name, Function<Map<String, Tensor>, Optimizer> make) {
        check(name, make, p -> { });
    }

    static double num(String name, String field) {
        return FX.number(name, field);
    }

    static double beta(String name, int i) {
        return Double.parseDouble(FX.config(name).get("betas").split(",")[i]);
    }

    static boolean flag(String name, String field) {
        String v = FX.config(name).get(field);
        return v != null && Boolean.parseBoolean(v.toLowerCase());
    }

    static double numOr(String name, String field, double fallback) {
        String v = FX.config(name).get(field);
        return v == null ? fallback : Double.parseDouble(v);
    }
}

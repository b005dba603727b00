package dev.tessera.autograd;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Sizes;
import dev.tessera.Tensor;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences in FLOAT64, for any function of tensors written with
 * the public API (users can check their own code with it).
 *
 * <p>The inputs are copied to FLOAT64 leaves on their device. A non-scalar output {@code y} is reduced to the scalar
 * {@code L = sum(y * r)} with a fixed random projection {@code r}, so every output element contributes. For each
 * input element {@code x_i}: {@code numeric = (L(x_i + eps) - L(x_i - eps)) / (2 eps)}, compared with
 * {@code dL/dx_i} from backward: it passes when {@code |analytic - numeric| <= atol + rtol |numeric|}.
 */
public final class GradientChecker {
    private final double eps;
    private final double atol;
    private final double rtol;

    /** A checker with step {@code eps} and tolerances {@code atol}, {@code rtol}. */
    public GradientChecker(double eps, double atol, double rtol) {
        if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("GradientChecker: eps must be > 0 and tolerances >= 0, got eps=" + eps
                    + ", atol=" + atol + ", rtol=" + rtol);
        }
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
    }

    /** The defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public GradientChecker() {
        this(1e-6, 1e-5, 1e-3);
    }

    /**
     * The outcome of a check.
     *
     * @param passed      whether every element was within tolerance
     * @param maxAbsError largest |analytic - numeric| over all elements
     * @param worstInput  index of the input holding the worst element (-1 if none)
     * @param worstIndex  flat index of the worst element in that input
     * @param analytic    analytic value at the worst element
     * @param numeric     numeric value at the worst element
     */
    public record Result(boolean passed, double maxAbsError, int worstInput, int worstIndex, double analytic,
                         double numeric) {
        @Override
        public String toString() {
            return (passed ? "gradients match" : "gradients differ") + ": max |analytic - numeric| = " + maxAbsError
                    + (worstInput < 0 ? "" : " at input " + worstInput + " element " + worstIndex + " (analytic "
                    + analytic + ", numeric " + numeric + ")");
        }
    }

    /**
     * Checks {@code f} at {@code inputs} (floating tensors; they are not modified). The device must support FLOAT64.
     */
    public Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        try (Scope scope = Scope.open()) {
            Tensor[] xs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].dtype().isFloating()) {
                    throw new IllegalArgumentException("GradientChecker: input " + i + " is " + inputs[i].dtype()
                            + "; only floating inputs can be checked");
                }
                xs[i] = inputs[i].detach().to(DType.FLOAT64).copy().requiresGrad(true);
            }
            Tensor probe;
            Tensor y0;
            try (GradMode.Guard g = GradMode.noGrad()) {
                y0 = f.apply(xs);
                probe = Tensor.uniform(new Generator(0x6AD), -1, 1, y0.shape(), DType.FLOAT64, y0.device());
            }
            Tensor loss = f.apply(xs).mul(probe).sum();
            loss.backward();
            boolean ok = true;
            double worst = -1;
            int worstInput = -1;
            int worstIndex = -1;
            double worstA = 0;
            double worstN = 0;
            for (int i = 0; i < xs.length; i++) {
                Tensor grad = xs[i].grad();
                double[] analytic = grad == null ? new double[Sizes.arrayLength("gradient check", xs[i].numel())]
                        : grad.toDoubleArray();
                double[] values = xs[i].toDoubleArray();
                Tensor flat = xs[i].reshape(-1);
                for (int k = 0; k < values.length; k++) {
                    double numeric;
                    try (GradMode.Guard g = GradMode.noGrad(); Scope inner = Scope.open()) {
                        Tensor cell = flat.slice(0, k, k + 1);
                        cell.fill(values[k] + eps);
                        double plus = f.apply(xs).mul(probe).sum().item();
                        cell.fill(values[k] - eps);
                        double minus = f.apply(xs).mul(probe).sum().item();
                        cell.fill(values[k]);
                        numeric = (plus - minus) / (2 * eps);
                    }
                    double err = Math.abs(analytic[k] - numeric);
                    if (err > atol + rtol * Math.abs(numeric) || Double.isNaN(err)) {
                        ok = false;
                    }
                    if (err > worst || Double.isNaN(err)) {
                        worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                        worstInput = i;
                        worstIndex = k;
                        worstA = analytic[k];
                        worstN = numeric;
                    }
                }
            }
            return new Result(ok, Math.max(worst, 0), worstInput, worstIndex, worstA, worstN);
        }
    }

    /** Like {@link #check} but throws an {@link AssertionError} with the details when the gradients differ. */
    public void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Result r = check(f, inputs);
        if (!r.passed()) {
            throw new AssertionError(r.toString());
        }
    }
}

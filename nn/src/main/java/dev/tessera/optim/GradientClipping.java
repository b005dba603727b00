package dev.tessera.optim;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Require;
import java.util.List;

/**
 * Gradient clipping applied in place to the gradients of parameters (those without a gradient are skipped), as
 * PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales all gradients together so their global L2 norm {@code sqrt(sum_i |g_i|^2)} is at most {@code maxNorm}:
     * every gradient is multiplied by {@code min(1, maxNorm / (norm + 1e-6))}. Returns the norm before clipping
     * (NaN or infinite when a gradient is; the gradients are then left as they are).
     *
     * @throws IllegalArgumentException when maxNorm is negative or NaN
     */
    public static double clipByGlobalNorm(List<Tensor> params, double maxNorm) {
        Require.finiteNonNegative("clipByGlobalNorm", "maxNorm", maxNorm);
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1 && Double.isFinite(norm)) {
            try (GradMode.Guard g = GradMode.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.grad().mulInPlace(coef);
                    }
                }
            }
        }
        return norm;
    }

    /**
     * The global L2 norm of the gradients, {@code sqrt(sum_i |g_i|^2)} summed in FLOAT64 (0 when no parameter has a
     * gradient; NaN or infinite when a gradient is). Reading it waits for the device. Nothing is modified.
     */
    public static double globalNorm(List<Tensor> params) {
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            Tensor total = null;
            for (Tensor p : params) {
                if (p.grad() != null) {
                    Tensor sq = p.grad().square().sum().to(dev.tessera.DType.FLOAT64);
                    total = total == null ? sq : total.add(sq);
                }
            }
            return total == null ? 0.0 : Math.sqrt(total.item());
        }
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]}.
     *
     * @throws IllegalArgumentException when clipValue is negative or NaN
     */
    public static void clipByValue(List<Tensor> params, double clipValue) {
        Require.finiteNonNegative("clipByValue", "clipValue", clipValue);
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().assign(p.grad().clamp(-clipValue, clipValue));
                }
            }
        }
    }
}

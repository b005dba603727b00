package dev.tessera.backend;

/**
 * Hyperparameters of one Adam / AdamW step, applied identically to every parameter of
 * {@link dev.tessera.backend.fused.OptimizerFamily.AdamStep}. With {@code t = step} (1-based), for each element:
 * <pre>
 *   g = grad + weightDecay * p            (only when !decoupled)
 *   p = p * (1 - lr * weightDecay)        (only when decoupled: AdamW)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   vmax = max(vmax, v)                    (only when amsgrad; then vmax replaces v below)
 *   denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 *   p = p - (lr / (1 - beta1^t)) * m / denom
 * </pre>
 * which is PyTorch's order of operations.
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay,
                         boolean decoupled, boolean amsgrad, long step) {
}

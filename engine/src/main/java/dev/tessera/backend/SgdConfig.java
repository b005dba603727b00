package dev.tessera.backend;

/**
 * Hyperparameters of one SGD step, applied to every parameter of {@link dev.tessera.backend.fused.OptimizerFamily.SgdStep}. For each element:
 * <pre>
 *   p = p * (1 - lr * weightDecay)            (when decoupled)
 *   g = grad + weightDecay * p                (when !decoupled)
 *   buf = g                                   (first step: firstStep)
 *   buf = momentum * buf + (1 - dampening) * g (later steps)
 *   g = nesterov ? g + momentum * buf : buf   (when momentum != 0)
 *   p = p - lr * g
 * </pre>
 * as in PyTorch. With momentum 0 no buffer is used.
 */
public record SgdConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay,
                        boolean decoupled, boolean firstStep) {
}

package dev.tessera;

/**
 * Hyperparameters of one fused SGD step ({@link ParameterUpdates#sgd}), applied to every parameter of the call.
 * For each element, as in PyTorch:
 * <pre>
 *   p = p * (1 - lr * weightDecay)             (when decoupled)
 *   g = grad + weightDecay * p                 (when !decoupled)
 *   buf = g                                    (first step: firstStep)
 *   buf = momentum * buf + (1 - dampening) * g (later steps)
 *   g = nesterov ? g + momentum * buf : buf    (when momentum != 0)
 *   p = p - lr * g
 * </pre>
 * With momentum 0 no buffer is used.
 */
public record SgdHyperparameters(double lr, double momentum, double dampening, boolean nesterov, double weightDecay,
                                 boolean decoupled, boolean firstStep) {
}

package dev.tessera;

import dev.tessera.autograd.GradMode;

/**
 * Anomaly detection (see {@link Tessera#setAnomalyDetection}): checks op outputs and gradients for NaN or Inf and
 * throws an {@link ArithmeticException} naming the op, its input shapes, and (as the cause) where the op was created.
 */
final class Anomaly {
    private Anomaly() {
    }

    /** Checks the forward output of {@code node}'s op. */
    static void checkForward(GraphNode node, Tensor out) {
        String bad = nonFinite(out);
        if (bad != null) {
            ArithmeticException e = new ArithmeticException("anomaly: " + node.op + " produced " + bad
                    + " in its output of shape " + out.shape() + " (inputs " + node.inputShapes()
                    + "); the cause shows where the op was created");
            e.initCause(node.createdAt);
            throw e;
        }
    }

    /** Checks the gradients {@code node}'s backward rule produced. */
    static void checkGradients(GraphNode node, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null) {
                continue;
            }
            String bad = nonFinite(grads[i]);
            if (bad != null) {
                ArithmeticException e = new ArithmeticException("anomaly: the backward of " + node.op + " produced "
                        + bad + " in the gradient of input " + i + " (inputs " + node.inputShapes()
                        + "); the cause shows where the op was created");
                e.initCause(node.createdAt);
                throw e;
            }
        }
    }

    /** "NaN", "Inf" or null when every element is finite. */
    private static String nonFinite(Tensor t) {
        if (!t.dtype().isFloating() || t.numel() == 0) {
            return null;
        }
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            double m = t.abs().max().item();
            if (Double.isNaN(m)) {
                return "NaN";
            }
            return Double.isInfinite(m) ? "Inf" : null;
        }
    }
}

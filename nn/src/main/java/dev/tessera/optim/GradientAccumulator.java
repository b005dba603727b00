package dev.tessera.optim;

import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Require;
import java.util.List;

/**
 * Gradient accumulation over k micro-batches: each micro-batch's mean loss is divided by k before
 * {@code backward()}, gradients add up in the parameters, and the optimizer steps once every k micro-batches, so
 * one step sees the gradient of the mean loss over a batch k times as large (with equal micro-batches).
 *
 * <pre>{@code
 * GradientAccumulator acc = new GradientAccumulator(4);
 * for (batch : batches) {
 *     acc.scale(loss.compute(model.forward(x), y)).backward();
 *     if (acc.endMicroBatch()) { optimizer.step(); optimizer.zeroGrad(); }
 * }
 * if (acc.pending() > 0) { acc.rescalePending(model.parameters()); optimizer.step(); optimizer.zeroGrad(); }
 * }</pre>
 */
public final class GradientAccumulator {
    private final int steps;
    private int pending;

    /**
     * Accumulation over {@code steps} micro-batches (1 means none).
     *
     * @throws IllegalArgumentException when steps is below 1
     */
    public GradientAccumulator(int steps) {
        Require.atLeast("GradientAccumulator", "steps", steps, 1);
        this.steps = steps;
    }

    /** {@code loss / k} (differentiable); the argument is not modified. */
    public Tensor scale(Tensor loss) {
        return steps == 1 ? loss : loss.div(steps);
    }

    /** Counts a finished micro-batch; true when k have been accumulated and the optimizer should step now. */
    public boolean endMicroBatch() {
        pending++;
        if (pending == steps) {
            pending = 0;
            return true;
        }
        return false;
    }

    /** Micro-batches accumulated since the last step. */
    public int pending() {
        return pending;
    }

    /**
     * For a last, short group of m &lt; k micro-batches: multiplies the gradients by k/m so they are the mean over
     * the m micro-batches, and resets the count. The gradients are modified in place.
     */
    public void rescalePending(List<Tensor> params) {
        if (pending > 0 && pending < steps) {
            double factor = (double) steps / pending;
            try (GradMode.Guard g = GradMode.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.grad().mulInPlace(factor);
                    }
                }
            }
        }
        pending = 0;
    }

    /** k. */
    public int steps() {
        return steps;
    }
}

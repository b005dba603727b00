package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * Softmax along one axis, {@code y_i = e^{x_i} / sum_j e^{x_j}}, computed stably (PyTorch {@code nn.Softmax}).
 * For training a classifier feed logits to {@link dev.tessera.loss.CrossEntropyLoss} instead: it fuses the
 * softmax and is more accurate.
 */
public class Softmax extends Module {
    private final int axis;

    /** Softmax along {@code axis} (negative counts from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(axis);
    }

    /** The axis the probabilities sum to 1 along (negative counts from the end). */
    public int axis() {
        return axis;
    }

    @Override
    protected String extraRepr() {
        return "axis=" + axis;
    }
}

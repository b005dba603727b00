package dev.tessera.nn;

import dev.tessera.Tensor;

/** Merges axes {@code start..end} into one (PyTorch {@code nn.Flatten}; default 1..-1 keeps the batch axis). */
public class Flatten extends Module {
    private final int start;
    private final int end;

    /** Flattens every axis but the first. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens axes {@code start..end} inclusive (negative counts from the end). */
    public Flatten(int start, int end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(start, end);
    }

    /** The first merged axis (negative counts from the end). */
    public int start() {
        return start;
    }

    /** The last merged axis, inclusive (negative counts from the end). */
    public int end() {
        return end;
    }

    @Override
    protected String extraRepr() {
        return "start=" + start + ", end=" + end;
    }
}

package dev.tessera.nn;

import dev.tessera.Activation;
import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * A fully connected layer {@code y = x W^T + b} for input {@code [..., in]}, weight {@code [out, in]} and bias
 * {@code [out]} (PyTorch's layout, so state dicts interchange), computed by the fused {@link Tensor#linear}.
 * Initialized as PyTorch does: W and b uniform on {@code [-1/sqrt(in), 1/sqrt(in)]} (Kaiming uniform with
 * {@code a = sqrt(5)}).
 *
 * <p>{@link Sequential} fuses a Linear followed by a {@link UnaryActivation} into one call of the fused
 * linear-plus-activation kernel; {@link #forward(Tensor, Activation)} is that call.
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with bias on the default device, FLOAT32, initialized from the global generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, TensorOptions.defaults());
    }

    /**
     * A layer with or without bias, created and initialized per {@code options}.
     *
     * @throws IllegalArgumentException when a feature count is not positive
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, TensorOptions options) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be > 0, got " + inFeatures
                    + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1.0 / Math.sqrt(inFeatures);
        Tensor w = Tensor.zeros(Shape.of(outFeatures, inFeatures), options.dtype(), options.device());
        Init.uniform(w, -bound, bound, options.generator());
        this.weight = registerParameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(Shape.of(outFeatures), options.dtype(), options.device());
            Init.uniform(b, -bound, bound, options.generator());
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** {@code x W^T + b}. */
    @Override
    public Tensor forward(Tensor input) {
        return input.linear(weight, bias);
    }

    /** {@code act(x W^T + b)} in one fused call ({@code activation} null means identity). */
    public Tensor forward(Tensor input, Activation activation) {
        return input.linear(weight, bias, activation);
    }

    /** The weight {@code [out, in]} (the live parameter). */
    public Tensor weight() {
        return weight;
    }

    /** The bias {@code [out]}, or null. */
    public Tensor bias() {
        return bias;
    }

    /** Input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Output features. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null);
    }
}

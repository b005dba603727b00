package dev.tessera.nn;

import dev.tessera.Tensor;

/**
 * A residual connection {@code y = block(x) + skip(x)} (He et al., arXiv 1512.03385), where the skip is the
 * identity or, when the block changes the width, a learned projection (a {@link Linear} without bias, registered
 * as {@code projection}). The block is registered as {@code block}.
 */
public class Residual extends Module {
    private final Module block;
    private final Module projection;

    /** {@code y = block(x) + x}; the block must keep the shape. */
    public Residual(Module block) {
        this(block, null);
    }

    /** {@code y = block(x) + projection(x)} ({@code projection} null means the identity). */
    public Residual(Module block, Module projection) {
        if (block == null) {
            throw new IllegalArgumentException("Residual: block must not be null");
        }
        this.block = registerModule("block", block);
        this.projection = projection == null ? null : registerModule("projection", projection);
    }

    /**
     * A residual around {@code block} mapping {@code inFeatures} to {@code outFeatures}: identity skip when they are
     * equal, else a bias-free {@link Linear} projection created per {@code options}.
     */
    public static Residual projected(Module block, int inFeatures, int outFeatures, TensorOptions options) {
        return new Residual(block, inFeatures == outFeatures ? null
                : new Linear(inFeatures, outFeatures, false, options));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor out = block.forward(input);
        Tensor skip = projection == null ? input : projection.forward(input);
        if (!out.shape().equals(skip.shape())) {
            throw new IllegalArgumentException("Residual: block output " + out.shape() + " does not match the skip "
                    + skip.shape() + (projection == null ? "; give a projection (Residual.projected)" : ""));
        }
        return out.add(skip);
    }
}

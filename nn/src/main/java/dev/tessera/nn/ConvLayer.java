package dev.tessera.nn;

import dev.tessera.Autocast;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.Arrays;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share: the checked {@link ConvSpec}, the kernel
 * {@code weight} and the optional {@code bias} (PyTorch's names), both initialized as PyTorch does, uniform on
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} with the fan-in of the kernel's shape ({@link Init#fans}).
 */
public abstract class ConvLayer extends Module {
    final ConvSpec spec;
    final Tensor weight;
    final Tensor bias;

    /** Registers a kernel of {@code weightShape} and, when the spec asks for one, a bias of its output channels. */
    ConvLayer(ConvSpec spec, int... weightShape) {
        this.spec = spec;
        TensorOptions o = spec.options();
        Tensor w = Tensor.zeros(Shape.of(weightShape), o.dtype(), o.device());
        double bound = 1.0 / Math.sqrt(Init.fans(w, spec.layerName())[0]);
        Init.uniform(w, -bound, bound, o.generator());
        this.weight = registerParameter("weight", w);
        if (spec.bias()) {
            Tensor b = Tensor.zeros(Shape.of(spec.out()), o.dtype(), o.device());
            this.bias = registerParameter("bias", Init.uniform(b, -bound, bound, o.generator()));
        } else {
            this.bias = null;
        }
    }

    /**
     * {@code y [N, OUT, spatial...]} plus the bias broadcast over the batch and spatial axes (in the autocast type),
     * or {@code y} itself when the layer has no bias.
     */
    Tensor withBias(Tensor y) {
        if (bias == null) {
            return y;
        }
        int[] dims = new int[y.rank()];
        Arrays.fill(dims, 1);
        dims[1] = spec.out();
        return y.add(Autocast.lower(bias).reshape(dims));
    }

    /** The kernel (the live parameter); its layout is the subclass's. */
    public Tensor weight() {
        return weight;
    }

    /** The hyperparameters. */
    public ConvSpec spec() {
        return spec;
    }

    /** The bias {@code [OUT]}, or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return spec.toString();
    }
}

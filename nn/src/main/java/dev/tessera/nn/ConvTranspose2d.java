package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.nn.conv.Convolution;

/**
 * Transposed 2-D convolution (PyTorch {@code nn.ConvTranspose2d}), the gradient of {@link Conv2d} with respect to
 * its input: input {@code [N, IN, H, W]}, weight {@code [IN, OUT/groups, KH, KW]}, bias {@code [OUT]},
 * <pre>
 *   y[n, o, i s - p + ky d, j s - p + kx d] += x[n, c, i, j] W[c, o, ky, kx]   (c in o's group),
 *   OH = (H - 1) s - 2 p + d (KH - 1) + outputPadding + 1   (likewise OW).
 * </pre>
 * Computed as a convolution of the input dilated by the stride with the spatially flipped, in/out-swapped kernel
 * (see {@code ConvSpec.transposedGeometry}). Initialized as PyTorch: uniform on {@code [-1/sqrt(fanIn),
 * 1/sqrt(fanIn)]} with PyTorch's fan-in of this weight, {@code (OUT/groups) KH KW}.
 */
public class ConvTranspose2d extends Module {
    private final ConvSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /** A transposed convolution with a square kernel, stride 1, no padding, bias, on the default device. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.builder(inChannels, outChannels, kernelSize));
    }

    /** A transposed convolution as {@code spec} describes (see {@link ConvSpec#builder}). */
    public ConvTranspose2d(ConvSpec.Builder spec) {
        this.spec = spec.buildTransposed("ConvTranspose2d", 2);
        TensorOptions o = this.spec.options();
        Tensor w = Tensor.zeros(Shape.of(this.spec.in(), this.spec.out() / this.spec.groups(),
                this.spec.kernel(0), this.spec.kernel(1)), o.dtype(), o.device());
        double bound = 1.0 / Math.sqrt(Init.fans(w, "ConvTranspose2d")[0]);
        Init.uniform(w, -bound, bound, o.generator());
        this.weight = registerParameter("weight", w);
        this.bias = this.spec.bias() ? registerParameter("bias", ConvSpec.uniformBias(this.spec.out(), bound, o))
                : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        spec.checkInput(input, 4, "H, W");
        int g = spec.groups();
        int kh = spec.kernel(0);
        int kw = spec.kernel(1);
        Tensor swapped = weight.reshape(g, spec.in() / g, spec.out() / g, kh, kw).transpose(1, 2)
                .reshape(spec.out(), spec.in() / g, kh, kw);
        Tensor flipped = swapped.indexSelect(2, reversed(kh, input)).indexSelect(3, reversed(kw, input));
        return Convolution.conv2d(input, flipped, bias, spec.transposedGeometry(0, input.size(2)),
                spec.transposedGeometry(1, input.size(3)), g);
    }

    private static Tensor reversed(int n, Tensor like) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = n - 1 - i;
        }
        return Tensor.of(like.device(), r, n);
    }

    /** The weight {@code [IN, OUT/groups, KH, KW]} (the live parameter). */
    public Tensor weight() {
        return weight;
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

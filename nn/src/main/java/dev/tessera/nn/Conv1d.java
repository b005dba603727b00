package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.nn.conv.ConvGeometry;
import dev.tessera.nn.conv.Convolution;

/**
 * 1-D convolution (PyTorch {@code nn.Conv1d}): input {@code [N, IN, L]}, weight {@code [OUT, IN/groups, K]}, bias
 * {@code [OUT]}, {@code y[n, o, i] = b[o] + sum_{c in group(o), k} W[o, c, k] x_pad[n, c, i s + k d]},
 * {@code OL = floor((L + 2 p - d (K - 1) - 1) / s) + 1}. Computed as a {@link Conv2d} over a height-1 image;
 * padding, groups, init and parameter names as in {@link Conv2d}.
 */
public class Conv1d extends Module {
    private static final ConvGeometry HEIGHT_ONE = ConvGeometry.of(1, 1, 1, 0, 1);
    private final ConvSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /** A convolution with kernel size {@code kernelSize}, stride 1, no padding, bias, on the default device. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.builder(inChannels, outChannels, kernelSize));
    }

    /** A convolution as {@code spec} describes (see {@link ConvSpec#builder}). */
    public Conv1d(ConvSpec.Builder spec) {
        this.spec = spec.build("Conv1d", 1);
        TensorOptions o = this.spec.options();
        Tensor w = Tensor.zeros(Shape.of(this.spec.out(), this.spec.in() / this.spec.groups(), this.spec.kernel(0)),
                o.dtype(), o.device());
        double bound = 1.0 / Math.sqrt(Init.fans(w, "Conv1d")[0]);
        Init.uniform(w, -bound, bound, o.generator());
        this.weight = registerParameter("weight", w);
        this.bias = this.spec.bias() ? registerParameter("bias", ConvSpec.uniformBias(this.spec.out(), bound, o))
                : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        spec.checkInput(input, 3, "L");
        ConvGeometry cols = spec.geometry(0, input.size(2));
        Tensor w = weight.reshape(spec.out(), spec.in() / spec.groups(), 1, spec.kernel(0));
        Tensor y = Convolution.conv2d(input.unsqueeze(2), w, bias, HEIGHT_ONE, cols, spec.groups());
        return y.squeeze(2);
    }

    /** The weight {@code [OUT, IN/groups, K]} (the live parameter). */
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

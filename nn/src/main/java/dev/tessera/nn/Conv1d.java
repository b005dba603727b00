package dev.tessera.nn;

import dev.tessera.Convolutions;
import dev.tessera.Tensor;

/**
 * 1-D convolution (PyTorch {@code nn.Conv1d}): input {@code [N, IN, L]}, weight {@code [OUT, IN/groups, K]}, bias
 * {@code [OUT]}, {@code y[n, o, i] = b[o] + sum_{c in group(o), k} W[o, c, k] x_pad[n, c, i s + k d]},
 * {@code OL = floor((L + 2 p - d (K - 1) - 1) / s) + 1}. Computed as a {@link Conv2d} over a height-1 image;
 * padding, groups, init and parameter names as in {@link Conv2d}.
 */
public class Conv1d extends ConvLayer {
    /** A convolution with kernel size {@code kernelSize}, stride 1, no padding, bias, on the default device. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.builder(inChannels, outChannels, kernelSize));
    }

    /** A convolution as {@code spec} describes (see {@link ConvSpec#builder}). */
    public Conv1d(ConvSpec.Builder spec) {
        this(spec.build("Conv1d", 1));
    }

    private Conv1d(ConvSpec s) {
        super(s, s.out(), s.in() / s.groups(), s.kernel(0));
    }

    @Override
    public Tensor forward(Tensor input) {
        spec.checkInput(input, 3, "L");
        Tensor w = weight.reshape(spec.out(), spec.in() / spec.groups(), 1, spec.kernel(0));
        Tensor y = Convolutions.conv2d(input.unsqueeze(2), w, spec.shape(input.size(0), input.size(2))).squeeze(2);
        return withBias(y);
    }
}

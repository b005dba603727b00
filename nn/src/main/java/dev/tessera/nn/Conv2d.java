package dev.tessera.nn;

import dev.tessera.Convolutions;
import dev.tessera.Tensor;

/**
 * 2-D convolution (PyTorch {@code nn.Conv2d}, cross-correlation): input {@code [N, IN, H, W]}, weight
 * {@code [OUT, IN/groups, KH, KW]}, bias {@code [OUT]},
 * <pre>
 *   y[n, o, i, j] = b[o] + sum_{c in group(o), ky, kx} W[o, c, ky, kx] x_pad[n, c, i sh + ky dh, j sw + kx dw],
 *   OH = floor((H + 2 ph - dh (KH - 1) - 1) / sh) + 1   (likewise OW).
 * </pre>
 * Padding is zeros, symmetric, or {@code same} (stride 1; the output keeps H and W, the odd element of the
 * padding goes after, as in PyTorch). {@code groups} splits the channels: {@code groups = IN} with
 * {@code OUT = k IN} is a depthwise convolution. Initialized as PyTorch: weight and bias uniform on
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}, {@code fanIn = IN/groups KH KW}. Parameter names {@code weight},
 * {@code bias} match PyTorch's state dict.
 */
public class Conv2d extends ConvLayer {

    /** A convolution with a square kernel, stride 1, no padding, bias, on the default device. */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.builder(inChannels, outChannels, kernelSize));
    }

    /** A convolution as {@code spec} describes (see {@link ConvSpec#builder}). */
    public Conv2d(ConvSpec.Builder spec) {
        this(spec.build("Conv2d", 2));
    }

    private Conv2d(ConvSpec s) {
        super(s, s.out(), s.in() / s.groups(), s.kernel(0), s.kernel(1));
    }

    @Override
    public Tensor forward(Tensor input) {
        spec.checkInput(input, 4, "H, W");
        Tensor y = Convolutions.conv2d(input, weight, spec.shape(input.size(0), input.size(2), input.size(3)));
        return withBias(y);
    }
}

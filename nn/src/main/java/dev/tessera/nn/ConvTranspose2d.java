package dev.tessera.nn;

import dev.tessera.Convolutions;
import dev.tessera.Tensor;

/**
 * Transposed 2-D convolution (PyTorch {@code nn.ConvTranspose2d}), the gradient of {@link Conv2d} with respect to
 * its input: input {@code [N, IN, H, W]}, weight {@code [IN, OUT/groups, KH, KW]}, bias {@code [OUT]},
 * <pre>
 *   y[n, o, i s - p + ky d, j s - p + kx d] += x[n, c, i, j] W[c, o, ky, kx]   (c in o's group),
 *   OH = (H - 1) s - 2 p + d (KH - 1) + outputPadding + 1   (likewise OW).
 * </pre>
 * Computed as the input gradient of the {@link Conv2d} from {@code OUT} to {@code IN} channels with this layer's
 * stride, padding, dilation, groups and weight ({@code Convolutions.conv2dTranspose}). Initialized as PyTorch:
 * uniform on {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} with PyTorch's fan-in of this weight, {@code (OUT/groups) KH KW}.
 */
public class ConvTranspose2d extends ConvLayer {

    /** A transposed convolution with a square kernel, stride 1, no padding, bias, on the default device. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(ConvSpec.builder(inChannels, outChannels, kernelSize));
    }

    /** A transposed convolution as {@code spec} describes (see {@link ConvSpec#builder}). */
    public ConvTranspose2d(ConvSpec.Builder spec) {
        this(spec.buildTransposed("ConvTranspose2d", 2));
    }

    private ConvTranspose2d(ConvSpec s) {
        super(s, s.in(), s.out() / s.groups(), s.kernel(0), s.kernel(1));
    }

    @Override
    public Tensor forward(Tensor input) {
        spec.checkInput(input, 4, "H, W");
        Tensor y = Convolutions.conv2dTranspose(input, weight,
                spec.transposedShape(input.size(0), input.size(2), input.size(3)));
        return withBias(y);
    }
}

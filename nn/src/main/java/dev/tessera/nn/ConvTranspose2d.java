package dev.tessera.nn;

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
}

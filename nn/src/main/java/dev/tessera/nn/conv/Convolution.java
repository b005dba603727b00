package dev.tessera.nn.conv;

import dev.tessera.Tensor;

/**
 * Grouped 2-D convolution (PyTorch's cross-correlation) as unfold + batched matrix product:
 * <pre>
 *   y[n, g, o, l] = sum_{c, k} W[g, o, c k] cols[n, g, c k, l] + b[g o],
 * </pre>
 * with {@code cols} the {@link Unfold#windows} of the input split into {@code groups} channel groups, W the weight
 * {@code [OUT, IN/groups, KH, KW]} viewed as {@code [groups, OUT/groups, (IN/groups) KH KW]}, and the output viewed
 * back as {@code [N, OUT, OH, OW]}. Gradients come from the engine's rules for indexSelect and matmul.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * The convolution of {@code x [N, IN, H, W]} with {@code weight [OUT, IN/groups, KH, KW]} and optional
     * {@code bias [OUT]}; shapes must already be checked by the caller (the module).
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, ConvGeometry rows, ConvGeometry cols,
                                int groups) {
        int n = x.size(0);
        int in = x.size(1);
        int out = weight.size(0);
        int taps = rows.kernel() * cols.kernel();
        int oh = rows.out();
        int ow = cols.out();
        Tensor windows = Unfold.windows(x, rows, cols, 0.0)
                .reshape(n, groups, in / groups * taps, oh * ow);
        Tensor w = weight.reshape(groups, out / groups, in / groups * taps);
        Tensor y = w.matmul(windows).reshape(n, out, oh, ow);
        return bias == null ? y : y.add(bias.reshape(1, out, 1, 1));
    }
}

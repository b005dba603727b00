package dev.tessera.nn;

import dev.tessera.Tensor;
import dev.tessera.nn.conv.ConvGeometry;
import dev.tessera.nn.conv.Unfold;

/**
 * 2-D average pooling (PyTorch {@code nn.AvgPool2d}, floor mode): the mean of each {@code KH x KW} window of the
 * zero-padded input; with {@code countIncludePad} (PyTorch's default) the divisor is always {@code KH KW},
 * otherwise the number of window taps that fall inside the input. Input {@code [N, C, H, W]} or {@code [C, H, W]}.
 */
public class AvgPool2d extends Module {
    private final Pool2d window;
    private final boolean countIncludePad;

    /** Pooling over {@code kernel x kernel} windows with stride {@code kernel}, no padding. */
    public AvgPool2d(int kernel) {
        this(new int[]{kernel}, null, new int[]{0}, true);
    }

    /**
     * Pooling with one value or one per axis for kernel, stride (null: the kernel) and padding.
     *
     * @throws IllegalArgumentException when a size is out of range or the padding exceeds half the kernel
     */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        this.window = new Pool2d("AvgPool2d", kernel, stride, padding, new int[]{1});
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = window.batched(input);
        ConvGeometry rows = window.geometry(0, x.size(2));
        ConvGeometry cols = window.geometry(1, x.size(3));
        Tensor sums = Unfold.windows(x, rows, cols, 0.0).sum(new int[]{2}, false);
        Tensor y = sums.div(divisors(rows, cols, x)).reshape(x.size(0), x.size(1), rows.out(), cols.out());
        return input.rank() == 3 ? y.squeeze(0) : y;
    }

    private Tensor divisors(ConvGeometry rows, ConvGeometry cols, Tensor like) {
        int[] ty = rows.taps();
        int[] tx = cols.taps();
        int oh = rows.out();
        int ow = cols.out();
        float[] d = new float[oh * ow];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int count = 0;
                for (int ky = 0; ky < rows.kernel(); ky++) {
                    for (int kx = 0; kx < cols.kernel(); kx++) {
                        boolean inside = ty[ky * oh + oy] >= 0 && tx[kx * ow + ox] >= 0;
                        count += countIncludePad || inside ? 1 : 0;
                    }
                }
                d[oy * ow + ox] = count;
            }
        }
        return Tensor.of(like.device(), d, oh * ow).to(like.dtype());
    }

    /** Whether the divisor counts the padding taps ({@code KH KW} always) or only the taps inside the input. */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The pooling window. */
    public Pool2d window() {
        return window;
    }

    @Override
    protected String extraRepr() {
        return window + ", countIncludePad=" + countIncludePad;
    }
}

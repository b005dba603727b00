package dev.tessera.nn;

import dev.tessera.Device;
import dev.tessera.Tensor;

/**
 * 2-D adaptive average pooling (PyTorch {@code nn.AdaptiveAvgPool2d}): output cell {@code (i, j)} of an
 * {@code OH x OW} output is the mean of input rows {@code [floor(i H / OH), ceil((i + 1) H / OH))} and columns
 * {@code [floor(j W / OW), ceil((j + 1) W / OW))}. Computed as {@code A_H x A_W^T} with the row-averaging matrices
 * {@code A [O, in]}, so windows may overlap or differ in size exactly as PyTorch's do. Input {@code [N, C, H, W]} or
 * {@code [C, H, W]}.
 */
public class AdaptiveAvgPool2d extends Module {
    private final int outHeight;
    private final int outWidth;

    /** Pooling to a square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /**
     * Pooling to an {@code outHeight x outWidth} output.
     *
     * @throws IllegalArgumentException when a size is below 1
     */
    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outHeight + "x"
                    + outWidth);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 3 && input.rank() != 4) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: expected input [N, C, H, W] or [C, H, W], got "
                    + input.shape());
        }
        int h = input.size(-2);
        int w = input.size(-1);
        Tensor rows = averaging(outHeight, h, input);
        Tensor cols = averaging(outWidth, w, input);
        return rows.matmul(input).matmul(cols.t());
    }

    /** The output height OH. */
    public int outHeight() {
        return outHeight;
    }

    /** The output width OW. */
    public int outWidth() {
        return outWidth;
    }

    /**
     * The {@code [out, in]} matrix whose row i averages the inputs of output window i, in the dtype and on the
     * device of {@code like}.
     */
    public static Tensor averaging(int out, int in, Tensor like) {
        double[] a = new double[out * in];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floor((double) i * in / out);
            int end = (int) Math.ceil((double) (i + 1) * in / out);
            for (int k = start; k < end; k++) {
                a[i * in + k] = 1.0 / (end - start);
            }
        }
        return Tensor.of(Device.of("reference"), a, out, in).to(like.dtype()).to(like.device());
    }

    @Override
    protected String extraRepr() {
        return "output=" + outHeight + "x" + outWidth;
    }
}

package dev.tessera.nn;

import dev.tessera.Pooling;
import dev.tessera.Tensor;

/**
 * 2-D max pooling (PyTorch {@code nn.MaxPool2d}, floor mode): {@code y[n, c, i, j] = max over the window of
 * x_pad[n, c, i s + ky d, j s + kx d]}, padding read as -inf. The gradient goes to the maximum of each window.
 * Input {@code [N, C, H, W]} or {@code [C, H, W]}.
 */
public class MaxPool2d extends Module {
    private final Pool2d window;

    /** Pooling over {@code kernel x kernel} windows with stride {@code kernel}. */
    public MaxPool2d(int kernel) {
        this(new int[]{kernel}, null, new int[]{0}, new int[]{1});
    }

    /**
     * Pooling with one value or one per axis for each of kernel, stride (null: the kernel), padding, dilation.
     *
     * @throws IllegalArgumentException when a size is out of range or the padding exceeds half the kernel
     */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        this.window = new Pool2d("MaxPool2d", kernel, stride, padding, dilation);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = window.batched(input);
        Tensor y = Pooling.maxPool2d(x, window.shape(x));
        return input.rank() == 3 ? y.squeeze(0) : y;
    }

    /** The pooling window. */
    public Pool2d window() {
        return window;
    }

    @Override
    protected String extraRepr() {
        return window.toString();
    }
}

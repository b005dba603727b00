package dev.tessera.nn;

import dev.tessera.ConvShape;
import dev.tessera.Tensor;
import dev.tessera.nn.conv.ConvGeometry;
import java.util.Arrays;

/**
 * The window of a 2-D pooling layer: kernel, stride (default: the kernel), padding and dilation per axis, with
 * PyTorch's checks (padding at most half the kernel). Shared by {@link MaxPool2d} and {@link AvgPool2d}.
 */
public final class Pool2d {
    private final String layer;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;

    Pool2d(String layer, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        this.layer = layer;
        this.kernel = pair(layer, "kernel size", kernel, 1);
        this.stride = stride == null ? this.kernel : pair(layer, "stride", stride, 1);
        this.padding = pair(layer, "padding", padding, 0);
        this.dilation = pair(layer, "dilation", dilation, 1);
        for (int a = 0; a < 2; a++) {
            if (this.padding[a] > this.kernel[a] / 2) {
                throw new IllegalArgumentException(layer + ": padding " + Arrays.toString(this.padding)
                        + " must be at most half the kernel size " + Arrays.toString(this.kernel));
            }
        }
    }

    private static int[] pair(String layer, String what, int[] v, int min) {
        int[] p = v.length == 1 ? new int[]{v[0], v[0]} : v.clone();
        if (p.length != 2 || p[0] < min || p[1] < min) {
            throw new IllegalArgumentException(layer + ": " + what + " needs 1 or 2 values >= " + min + ", got "
                    + Arrays.toString(v));
        }
        return p;
    }

    /** Checks that {@code x} is {@code [N, C, H, W]} (or {@code [C, H, W]}, returned as a batch of one). */
    Tensor batched(Tensor x) {
        if (x.rank() == 3) {
            return x.unsqueeze(0);
        }
        if (x.rank() != 4) {
            throw new IllegalArgumentException(layer + ": expected input [N, C, H, W] or [C, H, W], got "
                    + x.shape());
        }
        return x;
    }

    /** The pooling shape of the fused pooling ops for {@code x [N, C, H, W]}. */
    ConvShape shape(Tensor x) {
        ConvGeometry rows = geometry(0, x.size(2));
        ConvGeometry cols = geometry(1, x.size(3));
        return WindowShapes.shape(x.size(0), x.size(1), x.size(1), x.size(1), rows, cols);
    }

    ConvGeometry geometry(int axis, int size) {
        return WindowShapes.geometry(layer,
                () -> ConvGeometry.of(size, kernel[axis], stride[axis], padding[axis], dilation[axis]));
    }

    /** The window size {@code [KH, KW]}. */
    public int[] kernelSize() {
        return kernel.clone();
    }

    /** The step {@code [SH, SW]}. */
    public int[] stride() {
        return stride.clone();
    }

    /** The padding on both sides {@code [PH, PW]}. */
    public int[] padding() {
        return padding.clone();
    }

    /** The spacing of the window taps {@code [DH, DW]}. */
    public int[] dilation() {
        return dilation.clone();
    }

    @Override
    public String toString() {
        return "kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + (dilation[0] * dilation[1] > 1 ? ", dilation="
                + Arrays.toString(dilation) : "");
    }
}

package dev.tessera.nn.conv;

import java.util.Arrays;

/**
 * The geometry of one spatial axis of a sliding-window operation (convolution, transposed convolution, pooling).
 *
 * <p>The input of size {@code in} is first dilated by {@code inputDilation} (that many - 1 zeros between elements,
 * which is how a transposed convolution becomes a convolution), then padded with {@code padBefore} and
 * {@code padAfter} elements (negative padding crops), and a window of {@code kernel} taps spaced {@code dilation}
 * apart slides over it with step {@code stride}. The output size is
 * <pre>
 *   out = floor((dilatedIn + padBefore + padAfter - dilation (kernel - 1) - 1) / stride) + 1,
 *   dilatedIn = (in - 1) inputDilation + 1.
 * </pre>
 * Output position {@code o} with tap {@code k} reads the virtual position {@code v = o stride + k dilation - padBefore};
 * it maps to input element {@code v / inputDilation} when {@code v} is in range and divisible by the input
 * dilation, and to padding otherwise.
 *
 * @param in            input size, >= 1
 * @param kernel        window size, >= 1
 * @param stride        step, >= 1
 * @param padBefore     padding before the first element (negative crops)
 * @param padAfter      padding after the last element (negative crops)
 * @param dilation      spacing of the window taps, >= 1
 * @param inputDilation spacing of the input elements, >= 1 (1 for a plain convolution)
 */
public record ConvGeometry(int in, int kernel, int stride, int padBefore, int padAfter, int dilation,
                           int inputDilation) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the value when a size is out of range or the window does not fit
     */
    public ConvGeometry {
        if (in < 1 || kernel < 1 || stride < 1 || dilation < 1 || inputDilation < 1) {
            throw new IllegalArgumentException("sizes must be >= 1: in=" + in + ", kernel=" + kernel + ", stride="
                    + stride + ", dilation=" + dilation + ", inputDilation=" + inputDilation);
        }
        long span = (long) dilation * (kernel - 1) + 1;
        long padded = (long) (in - 1) * inputDilation + 1 + padBefore + padAfter;
        if (span > padded) {
            throw new IllegalArgumentException("kernel " + kernel + (dilation > 1 ? " with dilation " + dilation : "")
                    + " spans " + span + " elements, more than the padded input's " + padded + " (input " + in
                    + ", padding " + padBefore + "+" + padAfter + ")");
        }
    }

    /** A plain convolution or pooling axis with symmetric padding. */
    public static ConvGeometry of(int in, int kernel, int stride, int padding, int dilation) {
        return new ConvGeometry(in, kernel, stride, padding, padding, dilation, 1);
    }

    /**
     * PyTorch's {@code padding='same'} for stride 1: total padding {@code dilation (kernel - 1)}, the smaller half
     * before (so the output size equals the input size).
     */
    public static ConvGeometry same(int in, int kernel, int dilation) {
        int total = dilation * (kernel - 1);
        return new ConvGeometry(in, kernel, 1, total / 2, total - total / 2, dilation, 1);
    }

    /** The number of output positions. */
    public int out() {
        long padded = (long) (in - 1) * inputDilation + 1 + padBefore + padAfter;
        return (int) ((padded - (long) dilation * (kernel - 1) - 1) / stride + 1);
    }

    /**
     * For each tap {@code k} and output position {@code o}, the input element read, or -1 for padding:
     * {@code result[k * out + o]}.
     */
    public int[] taps() {
        int out = out();
        int[] r = new int[kernel * out];
        Arrays.fill(r, -1);
        for (int k = 0; k < kernel; k++) {
            for (int o = 0; o < out; o++) {
                long v = (long) o * stride + (long) k * dilation - padBefore;
                if (v >= 0 && v % inputDilation == 0 && v / inputDilation < in) {
                    r[k * out + o] = (int) (v / inputDilation);
                }
            }
        }
        return r;
    }
}

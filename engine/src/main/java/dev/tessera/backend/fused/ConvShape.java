package dev.tessera.backend.fused;

/**
 * The sizes of one grouped 2-D convolution (PyTorch's cross-correlation) as the {@link ConvFamily} ops see it: input
 * {@code x [batch, inChannels, height, width]}, weight {@code [outChannels, inChannels/groups, kernelH, kernelW]},
 * output {@code y [batch, outChannels, outH, outW]},
 * <pre>
 *   y[n, o, i, j] = sum_{c < Cg, ky, kx} W[o, c, ky, kx] x[n, g Cg + c, i strideH + ky dilationH - padH,
 *                                                             j strideW + kx dilationW - padW],
 *   g = o / (outChannels / groups),  Cg = inChannels / groups,
 * </pre>
 * where input positions outside {@code [0, height) x [0, width)} read 0. The output size is given, not derived, so
 * asymmetric padding (PyTorch's {@code same}) and transposed convolutions whose output padding leaves input rows
 * that no window reaches are both this one shape; those rows get zero gradient.
 *
 * @param batch       N, >= 1
 * @param inChannels  C, a multiple of groups
 * @param height      H, >= 1
 * @param width       W, >= 1
 * @param outChannels OUT, a multiple of groups
 * @param kernelH     KH, >= 1
 * @param kernelW     KW, >= 1
 * @param outH        OH, >= 1
 * @param outW        OW, >= 1
 * @param strideH     >= 1
 * @param strideW     >= 1
 * @param padH        zero rows before the input (those after follow from outH), >= 0
 * @param padW        zero columns before the input, >= 0
 * @param dilationH   spacing of the kernel rows, >= 1
 * @param dilationW   spacing of the kernel columns, >= 1
 * @param groups      channel groups, >= 1
 */
public record ConvShape(int batch, int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                        int outH, int outW, int strideH, int strideW, int padH, int padW, int dilationH,
                        int dilationW, int groups) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the sizes when one is out of range, groups do not divide the channels,
     *                                  or a tensor would exceed 2^31 - 1 elements
     */
    public ConvShape {
        if (batch < 1 || inChannels < 1 || height < 1 || width < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1
                || outH < 1 || outW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1
                || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv2d: sizes out of range (counts, kernel, output, stride and "
                    + "dilation must be >= 1, padding >= 0): " + describe(batch, inChannels, height, width, outChannels,
                    kernelH, kernelW, outH, outW, strideH, strideW, padH, padW, dilationH, dilationW, groups));
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide both channel counts, got in="
                    + inChannels + ", out=" + outChannels);
        }
        long biggest = Math.max(Math.max((long) batch * inChannels * height * width,
                (long) batch * outChannels * outH * outW), (long) outChannels * (inChannels / groups) * kernelH * kernelW);
        if (biggest > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv2d: a tensor of " + biggest + " elements exceeds 2^31 - 1");
        }
    }

    /**
     * A convolution with symmetric padding, the output size derived as
     * {@code OH = floor((H + 2 padH - dilationH (KH - 1) - 1) / strideH) + 1} (likewise OW).
     *
     * @throws IllegalArgumentException when the dilated kernel is larger than the padded input
     */
    public static ConvShape of(int batch, int inChannels, int height, int width, int outChannels, int kernelH,
                               int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
                               int dilationW, int groups) {
        long spanH = (long) dilationH * (kernelH - 1) + 1;
        long spanW = (long) dilationW * (kernelW - 1) + 1;
        if (spanH > height + 2L * padH || spanW > width + 2L * padW) {
            throw new IllegalArgumentException("conv2d: kernel " + kernelH + "x" + kernelW + " (dilation " + dilationH
                    + "x" + dilationW + ") spans more than the padded input " + (height + 2L * padH) + "x"
                    + (width + 2L * padW));
        }
        int oh = (int) ((height + 2L * padH - spanH) / Math.max(strideH, 1) + 1);
        int ow = (int) ((width + 2L * padW - spanW) / Math.max(strideW, 1) + 1);
        return new ConvShape(batch, inChannels, height, width, outChannels, kernelH, kernelW, oh, ow, strideH,
                strideW, padH, padW, dilationH, dilationW, groups);
    }

    /** Input channels per group, {@code C / groups}. */
    public int groupIn() {
        return inChannels / groups;
    }

    /** Output channels per group, {@code OUT / groups}. */
    public int groupOut() {
        return outChannels / groups;
    }

    /** Kernel taps, {@code KH KW}. */
    public int taps() {
        return kernelH * kernelW;
    }

    /** The depth of one group's product, {@code (C / groups) KH KW}: a row of the weight. */
    public int patch() {
        return groupIn() * taps();
    }

    /** Input pixels per channel, {@code H W}. */
    public int inPlane() {
        return height * width;
    }

    /** Output pixels per channel, {@code OH OW}. */
    public int outPlane() {
        return outH * outW;
    }

    /** Elements of x. */
    public int inputNumel() {
        return batch * inChannels * inPlane();
    }

    /** Elements of y. */
    public int outputNumel() {
        return batch * outChannels * outPlane();
    }

    /** Elements of the weight. */
    public int weightNumel() {
        return outChannels * patch();
    }

    /** The input row read by output row {@code i} with kernel row {@code ky} (outside [0, H) means padding). */
    public int inputRow(int i, int ky) {
        return i * strideH + ky * dilationH - padH;
    }

    /** The input column read by output column {@code j} with kernel column {@code kx}. */
    public int inputCol(int j, int kx) {
        return j * strideW + kx * dilationW - padW;
    }

    /** Floating-point operations of the forward product, {@code 2 N OUT OH OW (C / groups) KH KW}. */
    public double forwardFlops() {
        return 2.0 * batch * outChannels * (double) outPlane() * patch();
    }

    @Override
    public String toString() {
        return describe(batch, inChannels, height, width, outChannels, kernelH, kernelW, outH, outW, strideH, strideW,
                padH, padW, dilationH, dilationW, groups);
    }

    private static String describe(int n, int c, int h, int w, int out, int kh, int kw, int oh, int ow, int sh, int sw,
                                   int ph, int pw, int dh, int dw, int g) {
        return "[" + n + ", " + c + ", " + h + ", " + w + "] -> [" + n + ", " + out + ", " + oh + ", " + ow
                + "], kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding " + ph + "x" + pw
                + ", dilation " + dh + "x" + dw + ", groups " + g;
    }
}

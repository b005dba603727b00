package dev.tessera.nn;

import dev.tessera.Tensor;
import dev.tessera.ConvShape;
import dev.tessera.nn.conv.ConvGeometry;
import java.util.Arrays;

/**
 * The hyperparameters of a convolution layer ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}), checked
 * once at construction: channel counts, kernel size, stride, padding (per axis, or {@code same}), dilation, groups,
 * output padding (transposed only), bias and tensor options. Built with {@link #builder}; PyTorch's defaults are
 * stride 1, padding 0, dilation 1, groups 1, bias on.
 */
public final class ConvSpec {
    private static final ConvGeometry HEIGHT_ONE = ConvGeometry.of(1, 1, 1, 0, 1);
    private final String layer;
    private final int in;
    private final int out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean same;
    private final int[] dilation;
    private final int[] outputPadding;
    private final int groups;
    private final boolean bias;
    private final TensorOptions options;

    private ConvSpec(String layer, int rank, Builder b) {
        this.layer = layer;
        this.in = b.in;
        this.out = b.out;
        this.kernel = perAxis(layer, "kernel size", b.kernel, rank, 1);
        this.stride = perAxis(layer, "stride", b.stride, rank, 1);
        this.padding = perAxis(layer, "padding", b.padding, rank, 0);
        this.same = b.same;
        this.dilation = perAxis(layer, "dilation", b.dilation, rank, 1);
        this.outputPadding = perAxis(layer, "output padding", b.outputPadding, rank, 0);
        this.groups = b.groups;
        this.bias = b.bias;
        this.options = b.options;
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(layer + ": channel counts must be >= 1, got in=" + in + ", out=" + out);
        }
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + "(" + in + "->" + out + "): groups=" + groups
                    + " must be >= 1 and divide both channel counts");
        }
        if (same) {
            if (Arrays.stream(stride).anyMatch(s -> s != 1)) {
                throw new IllegalArgumentException(layer + ": padding 'same' needs stride 1, got stride "
                        + Arrays.toString(stride));
            }
            if (b.transposed) {
                throw new IllegalArgumentException(layer + ": padding 'same' is not defined for a transposed "
                        + "convolution");
            }
        }
        for (int a = 0; a < rank; a++) {
            if (outputPadding[a] != 0 && !b.transposed) {
                throw new IllegalArgumentException(layer + ": output padding applies only to transposed convolutions");
            }
            if (outputPadding[a] >= Math.max(stride[a], dilation[a])) {
                throw new IllegalArgumentException(layer + ": output padding " + Arrays.toString(outputPadding)
                        + " must be smaller than stride or dilation (stride " + Arrays.toString(stride)
                        + ", dilation " + Arrays.toString(dilation) + ")");
            }
        }
    }

    private static int[] perAxis(String layer, String what, int[] given, int rank, int min) {
        int[] v = given.length == 1 ? filled(rank, given[0]) : given.clone();
        if (v.length != rank) {
            throw new IllegalArgumentException(layer + ": " + what + " needs 1 or " + rank + " values, got "
                    + Arrays.toString(given));
        }
        for (int x : v) {
            if (x < min) {
                throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got "
                        + Arrays.toString(given));
            }
        }
        return v;
    }

    private static int[] filled(int rank, int value) {
        int[] v = new int[rank];
        Arrays.fill(v, value);
        return v;
    }

    /** A builder with PyTorch's defaults for a square (or length-k) kernel. */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, new int[]{kernelSize});
    }

    /** A builder with PyTorch's defaults and one kernel size per spatial axis. */
    public static Builder builder(int inChannels, int outChannels, int[] kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize.clone());
    }

    String layerName() {
        return layer + "(" + in + "->" + out + ")";
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }

    int kernel(int axis) {
        return kernel[axis];
    }

    /** The channel groups. */
    public int groups() {
        return groups;
    }

    /** The stride per spatial axis. */
    public int[] stride() {
        return stride.clone();
    }

    /** The symmetric zero padding per spatial axis (of a transposed convolution; see {@link #geometry} otherwise). */
    public int[] padding() {
        return padding.clone();
    }

    /** The spacing of the kernel taps per spatial axis. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** The extra output size per spatial axis of a transposed convolution (zeros otherwise). */
    public int[] outputPadding() {
        return outputPadding.clone();
    }

    boolean bias() {
        return bias;
    }

    TensorOptions options() {
        return options;
    }

    /**
     * Checks that {@code input} is {@code [N, IN, spatial...]} of the given rank.
     *
     * @throws IllegalArgumentException like {@code Conv2d(3->16): expected input [N, 3, H, W], got [32, 28, 28]}
     */
    void checkInput(Tensor input, int rank, String spatial) {
        if (input.rank() != rank || input.size(1) != in) {
            throw new IllegalArgumentException(layerName() + ": expected input [N, " + in + ", " + spatial + "], got "
                    + input.shape());
        }
        if (!input.dtype().isFloating()) {
            throw new IllegalArgumentException(layerName() + ": expected a floating input, got " + input.dtype());
        }
    }

    /**
     * The fused-op shape of this convolution for an input {@code [batch, IN, sizes...]}: two spatial sizes, or one
     * (a 1-D convolution, run as a 2-D one over a height-1 image).
     */
    ConvShape shape(int batch, int... sizes) {
        ConvGeometry rows = sizes.length == 2 ? geometry(0, sizes[0]) : HEIGHT_ONE;
        ConvGeometry cols = geometry(sizes.length - 1, sizes[sizes.length - 1]);
        return WindowShapes.shape(batch, in, out, groups, rows, cols);
    }

    /**
     * The fused-op shape of the convolution whose input gradient this transposed convolution is, for an input
     * {@code [batch, IN, h, w]}: that convolution maps the transposed output {@code [batch, OUT, OH, OW]} back to
     * {@code [batch, IN, h, w]} with this layer's stride, padding, dilation and groups.
     */
    ConvShape transposedShape(int batch, int h, int w) {
        return new ConvShape(batch, out, transposedGeometry(0, h).out(), transposedGeometry(1, w).out(), in,
                kernel[0], kernel[1], h, w, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1],
                groups);
    }

    /**
     * The geometry of a convolution along spatial axis {@code axis} for an input of that size (with the padding
     * {@code same} resolves to).
     *
     * @throws IllegalArgumentException naming the layer when the kernel does not fit the padded input
     */
    public ConvGeometry geometry(int axis, int size) {
        return WindowShapes.geometry(layerName(), () -> same ? ConvGeometry.same(size, kernel[axis], dilation[axis])
                : ConvGeometry.of(size, kernel[axis], stride[axis], padding[axis], dilation[axis]));
    }

    /**
     * The geometry that turns a transposed convolution along {@code axis} into a convolution: the input dilated
     * by the stride, padded by {@code dilation (k - 1) - padding} before and that plus the output padding after,
     * stride 1, so {@code OUT = (in - 1) stride - 2 padding + dilation (k - 1) + outputPadding + 1}.
     */
    public ConvGeometry transposedGeometry(int axis, int size) {
        int reach = dilation[axis] * (kernel[axis] - 1);
        return WindowShapes.geometry(layerName(), () -> new ConvGeometry(size, kernel[axis], 1, reach - padding[axis],
                reach - padding[axis] + outputPadding[axis], dilation[axis], stride[axis]));
    }

    @Override
    public String toString() {
        return "in=" + in + ", out=" + out + ", kernel=" + Arrays.toString(kernel) + ", stride="
                + Arrays.toString(stride) + ", padding=" + (same ? "same" : Arrays.toString(padding))
                + ", dilation=" + Arrays.toString(dilation) + (groups > 1 ? ", groups=" + groups : "")
                + (Arrays.stream(outputPadding).anyMatch(p -> p != 0)
                ? ", outputPadding=" + Arrays.toString(outputPadding) : "") + ", bias=" + bias;
    }

    /** Collects a convolution's hyperparameters; each setter takes one value (all axes) or one per axis. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int[] kernel;
        private int[] stride = {1};
        private int[] padding = {0};
        private boolean same;
        private int[] dilation = {1};
        private int[] outputPadding = {0};
        private int groups = 1;
        private boolean bias = true;
        private boolean transposed;
        private TensorOptions options = TensorOptions.defaults();

        private Builder(int in, int out, int[] kernel) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        /** Step of the window per axis (default 1). */
        public Builder stride(int... s) {
            stride = s.clone();
            return this;
        }

        /** Zero padding on both sides per axis (default 0). */
        public Builder padding(int... p) {
            padding = p.clone();
            same = false;
            return this;
        }

        /** PyTorch's {@code padding='same'}: the output keeps the input's size (stride 1 only). */
        public Builder paddingSame() {
            same = true;
            return this;
        }

        /** Spacing of the kernel taps per axis (default 1). */
        public Builder dilation(int... d) {
            dilation = d.clone();
            return this;
        }

        /** Extra output size on the far side of a transposed convolution (default 0). */
        public Builder outputPadding(int... p) {
            outputPadding = p.clone();
            return this;
        }

        /** Channel groups (default 1); must divide both channel counts. */
        public Builder groups(int g) {
            groups = g;
            return this;
        }

        /** Whether the layer has a bias (default true). */
        public Builder bias(boolean on) {
            bias = on;
            return this;
        }

        /** Device, dtype and generator of the parameters (default {@link TensorOptions#defaults()}). */
        public Builder options(TensorOptions o) {
            options = o;
            return this;
        }

        ConvSpec build(String layer, int rank) {
            return new ConvSpec(layer, rank, this);
        }

        ConvSpec buildTransposed(String layer, int rank) {
            transposed = true;
            return new ConvSpec(layer, rank, this);
        }
    }
}

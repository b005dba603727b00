package dev.tessera.nn;

import dev.tessera.Generator;
import dev.tessera.Sizes;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * Parameter initializers, PyTorch's {@code torch.nn.init} definitions. Each overwrites its tensor in place (outside
 * the autograd graph) and returns it; random ones draw from the given {@link Generator}, so the same seed gives the
 * same values on every backend.
 *
 * <p>Fans: for a weight {@code [out, in, k...]} with receptive field {@code r = prod(k)},
 * {@code fanIn = in r} and {@code fanOut = out r} (a Linear weight {@code [out, in]} has r = 1).
 */
public final class Init {
    private Init() {
    }

    /** Nonlinearities with a recommended gain ({@link #gain}). */
    public enum Nonlinearity {
        /** Identity (and convolution without activation): gain 1. */
        LINEAR,
        /** Sigmoid: gain 1. */
        SIGMOID,
        /** Tanh: gain 5/3. */
        TANH,
        /** ReLU: gain sqrt(2). */
        RELU,
        /** Leaky ReLU with negative slope a: gain sqrt(2 / (1 + a^2)). */
        LEAKY_RELU,
        /** SELU: gain 3/4. */
        SELU
    }

    /** Which fan Kaiming initialization preserves: the forward pass's (fan-in) or the backward pass's. */
    public enum FanMode {
        /** Preserve the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserve the variance of gradients in the backward pass. */
        FAN_OUT
    }

    /** The recommended gain for {@code nonlinearity}; {@code param} is the leaky ReLU slope (else ignored). */
    public static double gain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + param * param));
            case SELU -> 0.75;
        };
    }

    /** {@code {fanIn, fanOut}} of a weight of rank at least 2. */
    public static int[] fans(Tensor weight, String op) {
        int[] d = weight.shape().dims();
        if (d.length < 2) {
            throw new IllegalArgumentException(op + ": fan-in and fan-out need a tensor of rank >= 2, got shape "
                    + weight.shape());
        }
        int receptive = 1;
        for (int i = 2; i < d.length; i++) {
            receptive *= d[i];
        }
        return new int[]{d[1] * receptive, d[0] * receptive};
    }

    /** Every element {@code U(low, high)}. */
    public static Tensor uniform(Tensor t, double low, double high, Generator generator) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("Init.uniform: low " + low + " must not exceed high " + high);
        }
        try (Tensor draw = Tensor.uniform(generator, low, high, t.shape(), t.dtype(), t.device())) {
            return write(t, draw);
        }
    }

    /** Every element {@code N(mean, std^2)}. */
    public static Tensor normal(Tensor t, double mean, double std, Generator generator) {
        Require.nonNegative("Init.normal", "std", std);
        try (Tensor draw = Tensor.normal(generator, mean, std, t.shape(), t.dtype(), t.device())) {
            return write(t, draw);
        }
    }

    /** Every element {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return t.fill(value);
        }
    }

    /** Every element 0. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /**
     * Xavier/Glorot uniform: {@code U(-a, a)}, {@code a = gain sqrt(6 / (fanIn + fanOut))}, so
     * {@code var = gain^2 2 / (fanIn + fanOut)}.
     */
    public static Tensor xavierUniform(Tensor t, double gain, Generator generator) {
        int[] f = fans(t, "Init.xavierUniform");
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, generator);
    }

    /** Xavier/Glorot normal: {@code N(0, std^2)}, {@code std = gain sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Generator generator) {
        int[] f = fans(t, "Init.xavierNormal");
        return normal(t, 0.0, gain * Math.sqrt(2.0 / (f[0] + f[1])), generator);
    }

    /**
     * He/Kaiming uniform: {@code U(-b, b)}, {@code b = sqrt(3) gain / sqrt(fan)}, gain from {@code nonlinearity}
     * with slope {@code a}; for ReLU and fan-in, var = 2 / fanIn.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
                                        Generator generator) {
        double std = kaimingStd(t, a, mode, nonlinearity, "Init.kaimingUniform");
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, generator);
    }

    /** He/Kaiming normal: {@code N(0, std^2)}, {@code std = gain / sqrt(fan)}; for ReLU and fan-in, var = 2 / fanIn. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
                                       Generator generator) {
        return normal(t, 0.0, kaimingStd(t, a, mode, nonlinearity, "Init.kaimingNormal"), generator);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, String op) {
        int[] f = fans(t, op);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) {
            throw new IllegalArgumentException(op + ": tensor of shape " + t.shape() + " has a zero fan");
        }
        return gain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}: the tensor, viewed as {@code [rows, cols]} with
     * {@code rows = size(0)}, gets the Q factor of the QR decomposition of a standard normal draw (of its
     * transpose when rows &lt; cols), with column signs fixed by {@code sign(diag R)} so the result is uniformly
     * distributed. Rows (or columns, whichever are fewer) are orthonormal before scaling.
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator generator) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException("Init.orthogonal: needs a tensor of rank >= 2, got shape " + t.shape());
        }
        int rows = t.size(0);
        int cols = Sizes.arrayLength("Init.orthogonal", t.numel() / Math.max(rows, 1));
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows;
        int n = transposed ? rows : cols;
        double[] a;
        try (Tensor draw = Tensor.normal(generator, 0, 1, dev.tessera.Shape.of(m, n), dev.tessera.DType.FLOAT64,
                t.device())) {
            a = draw.toDoubleArray();
        }
        double[] q = Householder.orthonormalColumns(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = gain * q[i * n + j];
                if (transposed) {
                    out[j * cols + i] = v;
                } else {
                    out[i * cols + j] = v;
                }
            }
        }
        try (Tensor src = Tensor.of(t.device(), out, t.shape().dims())) {
            return write(t, src);
        }
    }

    /**
     * Delta-orthogonal initialization of a convolution kernel {@code [OUT, IN, k1, ..., kd]} (Xiao et al. 2018,
     * "Dynamical Isometry and a Mean Field Theory of CNNs", arXiv 1806.05393, Algorithm 2): every tap is zero except
     * the centre one, which is {@code gain} times a (semi-)orthogonal {@code [OUT, IN]} matrix H drawn as
     * {@link #orthogonal} does. With OUT >= IN, H^T H = I, so a stride-1 convolution with {@code same} padding maps
     * each pixel's channel vector through H and preserves norms exactly: every singular value of the convolution
     * operator is {@code gain}.
     *
     * @throws IllegalArgumentException unless the tensor has rank >= 3 and odd kernel sizes (so a centre exists)
     */
    public static Tensor deltaOrthogonal(Tensor t, double gain, Generator generator) {
        int[] d = t.shape().dims();
        if (d.length < 3) {
            throw new IllegalArgumentException("Init.deltaOrthogonal: needs a convolution kernel [OUT, IN, k...], got "
                    + "shape " + t.shape());
        }
        int taps = 1;
        int centre = 0;
        for (int i = 2; i < d.length; i++) {
            if (d[i] % 2 == 0) {
                throw new IllegalArgumentException("Init.deltaOrthogonal: kernel sizes must be odd so a centre tap "
                        + "exists, got shape " + t.shape());
            }
            centre = centre * d[i] + d[i] / 2;
            taps *= d[i];
        }
        double[] h;
        try (Tensor centreTap = Tensor.zeros(dev.tessera.Shape.of(d[0], d[1]), dev.tessera.DType.FLOAT64,
                t.device())) {
            orthogonal(centreTap, gain, generator);
            h = centreTap.toDoubleArray();
        }
        double[] out = new double[Sizes.arrayLength("Init.deltaOrthogonal", t.numel())];
        for (int o = 0; o < d[0]; o++) {
            for (int c = 0; c < d[1]; c++) {
                out[(o * d[1] + c) * taps + centre] = h[o * d[1] + c];
            }
        }
        try (Tensor src = Tensor.of(t.device(), out, d)) {
            return write(t, src.dtype() == t.dtype() ? src : src.to(t.dtype()));
        }
    }

    private static Tensor write(Tensor t, Tensor src) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return t.assign(src);
        }
    }
}

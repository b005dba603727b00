package dev.tessera.stats;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * Decorrelating (and scaling) linear transforms fitted on training data, from the eigendecomposition
 * {@code C = E D E^T} of its unbiased covariance (see {@link Pca} for the conventions). For centred data
 * {@code x - m} as column vectors, {@code y = W (x - m)} with
 * <ul>
 * <li>{@link Mode#ROTATION}: {@code W = E^T}, decorrelation only (the variances stay {@code D});</li>
 * <li>{@link Mode#PCA}: {@code W = (D + eps I)^(-1/2) E^T}, the course notes' {@code Y = D^(-1/2) E^T X};</li>
 * <li>{@link Mode#ZCA}: {@code W = E (D + eps I)^(-1/2) E^T}, whitening that stays closest to the input axes.</li>
 * </ul>
 * With {@code eps = 0} the whitened training data has identity covariance (with epsilon its covariance is
 * {@code D / (D + eps)}); epsilon keeps directions of tiny variance from being blown up. A rotation does not
 * rescale, so epsilon has no effect on it. ROTATION and PCA may keep only the k leading directions; ZCA keeps all
 * d. With {@code eps = 0}, PCA whitening equals scikit-learn's {@code PCA(whiten=True)}. Parameters live on the
 * host in double precision; transforms run on the input's device and dtype. Immutable and thread-safe.
 */
public final class Whitening {
    /** The kind of transform. */
    public enum Mode {
        /** Rotation onto the principal axes: {@code E^T}. */
        ROTATION,
        /** PCA whitening: {@code (D + eps)^(-1/2) E^T}. */
        PCA,
        /** ZCA (Mahalanobis) whitening: {@code E (D + eps)^(-1/2) E^T}. */
        ZCA
    }

    private final Mode mode;
    private final double epsilon;
    private final int d;
    private final int k;
    private final double[] mean;
    private final double[] eigenvalues;
    private final double[] forward;
    private final double[] backward;

    private Whitening(Mode mode, double epsilon, Spectrum s, int k) {
        this.mode = mode;
        this.epsilon = epsilon;
        this.d = s.features;
        this.k = k;
        this.mean = s.mean;
        this.eigenvalues = java.util.Arrays.copyOf(s.values, k);
        double[] scale = new double[k];
        for (int j = 0; j < k; j++) {
            double v = mode == Mode.ROTATION ? 1 : s.values[j] + epsilon;
            if (!(v > 0)) {
                throw new IllegalArgumentException("Whitening.fit: direction " + j + " has variance " + s.values[j]
                        + " (the data is rank-deficient); use epsilon > 0 or fewer components");
            }
            scale[j] = Math.sqrt(v);
        }
        double[] rows = s.leadingRows(k);
        double[] w = new double[k * d];
        double[] inverse = new double[d * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                w[j * d + i] = rows[j * d + i] / scale[j];
                inverse[i * k + j] = rows[j * d + i] * scale[j];
            }
        }
        if (mode == Mode.ZCA) {
            double[] e = s.vectors;
            this.forward = multiply(e, w, d, d, d);
            this.backward = multiply(inverse, SmallMatrices.transpose(e, d), d, d, d);
        } else {
            this.forward = w;
            this.backward = inverse;
        }
    }

    private static double[] multiply(double[] a, double[] b, int n, int m, int p) {
        double[] c = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < m; t++) {
                double v = a[i * m + t];
                for (int j = 0; j < p; j++) {
                    c[i * p + j] += v * b[t * p + j];
                }
            }
        }
        return c;
    }

    /** Fits {@code mode} with all d directions to {@code x} ({@code [N, d]}, N >= 2); x is not modified. */
    public static Whitening fit(Tensor x, Mode mode, double epsilon) {
        return fit(x, mode, epsilon, x.rank() == 2 ? x.size(1) : 0);
    }

    /**
     * Fits {@code mode} keeping the {@code k} leading directions.
     *
     * @throws IllegalArgumentException for a negative or NaN epsilon, k outside {@code [1, d]} (ZCA: k != d), or
     *                                  a zero-variance direction with epsilon 0
     */
    public static Whitening fit(Tensor x, Mode mode, double epsilon, int k) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Whitening.fit: epsilon must be finite and >= 0, got " + epsilon);
        }
        Spectrum s = Spectrum.of(x, "Whitening.fit");
        if (k < 1 || k > s.features || (mode == Mode.ZCA && k != s.features)) {
            throw new IllegalArgumentException("Whitening.fit: " + mode + " needs " + (mode == Mode.ZCA
                    ? "all " + s.features + " directions" : "1 to " + s.features + " directions") + ", got " + k);
        }
        return new Whitening(mode, epsilon, s, k);
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The epsilon added to each variance before scaling. */
    public double epsilon() {
        return epsilon;
    }

    /** The variances of the kept directions (eigenvalues D, decreasing), length k. */
    public double[] variances() {
        return eigenvalues.clone();
    }

    /** The training mean, length d. */
    public double[] mean() {
        return mean.clone();
    }

    /** The matrix W (rows: k outputs, or d for ZCA; columns: d inputs). */
    public double[][] matrix() {
        int rows = forward.length / d;
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(forward, r * d, (r + 1) * d);
        }
        return out;
    }

    /** {@code (x - mean) W^T}: the whitened rows of {@code x} ({@code [N, d]}), in x's dtype on x's device. */
    public Tensor transform(Tensor x) {
        Checks.columns("Whitening.transform", x, d);
        int out = forward.length / d;
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor m = Spectrum.constant(mean, new int[]{d}, x.dtype(), x.device());
            Tensor w = Spectrum.constant(forward, new int[]{out, d}, x.dtype(), x.device());
            return s.keep(x.sub(m).matmul(w.t()));
        }
    }

    /**
     * The inverse map {@code y W^+T + mean} back to input units ({@code W^+} the pseudo-inverse, exact when all d
     * directions are kept).
     */
    public Tensor inverseTransform(Tensor y) {
        int out = forward.length / d;
        Checks.columns("Whitening.inverseTransform", y, out);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor m = Spectrum.constant(mean, new int[]{d}, y.dtype(), y.device());
            Tensor b = Spectrum.constant(backward, new int[]{d, out}, y.dtype(), y.device());
            return s.keep(y.matmul(b.t()).add(m));
        }
    }

    @Override
    public String toString() {
        return "Whitening(" + mode + ", eps=" + epsilon + ", " + k + " of " + d + " directions)";
    }
}

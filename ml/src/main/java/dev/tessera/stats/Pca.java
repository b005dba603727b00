package dev.tessera.stats;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * Principal component analysis fitted by eigendecomposition of the covariance, with scikit-learn's definitions.
 *
 * <p>For training data {@code X} ({@code [N, d]}) with mean {@code m} and unbiased covariance
 * {@code C = (X - m)^T (X - m) / (N - 1) = E D E^T}, the components are the eigenvectors of the k largest
 * eigenvalues (rows of {@link #components()}, in decreasing order of variance), the explained variance of component
 * j is its eigenvalue {@code D_jj} and its ratio {@code D_jj / trace(C)}. Signs follow scikit-learn's
 * {@code svd_flip}, so the numbers equal {@code PCA(n_components=k, svd_solver="full")}.
 * <ul>
 * <li>{@link #transform}: {@code Z = (X - m) W^T}, W the k x d component matrix;</li>
 * <li>{@link #inverseTransform}: {@code X' = Z W + m}, the least-squares reconstruction from k components.</li>
 * </ul>
 * The fitted parameters live on the host in double precision; transforms run on the input's device and dtype.
 * Immutable and thread-safe.
 */
public final class Pca {
    private final Spectrum spectrum;
    private final int k;
    private final double[] components;
    private final double totalVariance;

    private Pca(Spectrum spectrum, int k) {
        this.spectrum = spectrum;
        this.k = k;
        this.components = spectrum.leadingRows(k);
        double total = 0;
        for (double v : spectrum.values) {
            total += v;
        }
        this.totalVariance = total;
    }

    /** Fits all {@code d} components to {@code x} ({@code [N, d]}, N >= 2). */
    public static Pca fit(Tensor x) {
        return fit(x, x.rank() == 2 ? x.size(1) : 0);
    }

    /**
     * Fits the {@code k} leading components to {@code x} ({@code [N, d]}, N >= 2, finite); x is not modified.
     *
     * @throws IllegalArgumentException for k outside {@code [1, d]} or bad data
     */
    public static Pca fit(Tensor x, int k) {
        Spectrum s = Spectrum.of(x, "Pca.fit");
        if (k < 1 || k > s.features) {
            throw new IllegalArgumentException("Pca.fit: components must be in [1, " + s.features + "], got " + k);
        }
        return new Pca(s, k);
    }

    /** Number of components kept (k). */
    public int components() {
        return k;
    }

    /** Number of input features (d). */
    public int features() {
        return spectrum.features;
    }

    /** The training mean, length d. */
    public double[] mean() {
        return spectrum.mean.clone();
    }

    /** The components as k rows of length d (unit vectors, decreasing variance). */
    public double[][] componentMatrix() {
        double[][] out = new double[k][];
        for (int j = 0; j < k; j++) {
            out[j] = java.util.Arrays.copyOfRange(components, j * spectrum.features, (j + 1) * spectrum.features);
        }
        return out;
    }

    /** The variance along each kept component (eigenvalues of the unbiased covariance), length k. */
    public double[] explainedVariance() {
        return java.util.Arrays.copyOf(spectrum.values, k);
    }

    /** Each kept component's share of the total variance {@code trace(C)}, length k. */
    public double[] explainedVarianceRatio() {
        double[] r = explainedVariance();
        for (int j = 0; j < k; j++) {
            r[j] = totalVariance == 0 ? 0 : r[j] / totalVariance;
        }
        return r;
    }

    /** The projection {@code (x - mean) W^T}, {@code [N, k]}, in x's dtype on x's device. Not recorded. */
    public Tensor transform(Tensor x) {
        Checks.columns("Pca.transform", x, spectrum.features);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor m = Spectrum.constant(spectrum.mean, new int[]{spectrum.features}, x.dtype(), x.device());
            Tensor w = Spectrum.constant(components, new int[]{k, spectrum.features}, x.dtype(), x.device());
            return s.keep(x.sub(m).matmul(w.t()));
        }
    }

    /** The reconstruction {@code z W + mean}, {@code [N, d]}, from projections {@code z} ({@code [N, k]}). */
    public Tensor inverseTransform(Tensor z) {
        Checks.columns("Pca.inverseTransform", z, k);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor m = Spectrum.constant(spectrum.mean, new int[]{spectrum.features}, z.dtype(), z.device());
            Tensor w = Spectrum.constant(components, new int[]{k, spectrum.features}, z.dtype(), z.device());
            return s.keep(z.matmul(w).add(m));
        }
    }

    @Override
    public String toString() {
        return "Pca(" + k + " of " + spectrum.features + " components)";
    }
}

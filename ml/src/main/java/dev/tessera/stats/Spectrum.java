package dev.tessera.stats;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * The second-order statistics of data {@code x} of shape {@code [N, d]} shared by {@link Pca} and
 * {@link Whitening}: the mean, the unbiased covariance {@code C = (x - mean)^T (x - mean) / (N - 1)} and its
 * eigendecomposition {@code C = E D E^T} with eigenvalues in decreasing order (negative rounding residue clamped to
 * 0). Each eigenvector's sign follows scikit-learn's {@code svd_flip}: the projection of the centred data onto it
 * has its largest-magnitude entry positive, so components match scikit-learn's PCA exactly.
 */
final class Spectrum {
    final int samples;
    final int features;
    final double[] mean;
    final double[] values;
    /** d x d row-major, eigenvector j in column j. */
    final double[] vectors;

    private Spectrum(int samples, int features, double[] mean, double[] values, double[] vectors) {
        this.samples = samples;
        this.features = features;
        this.mean = mean;
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Computes the statistics of {@code x} on its device, in its dtype; x is not modified.
     *
     * @throws IllegalArgumentException naming {@code op} for a non-2-D or integer x, fewer than 2 rows, or values
     *                                  that are not finite
     */
    static Spectrum of(Tensor x, String op) {
        Checks.matrix(op, x, 2);
        int n = x.size(0);
        int d = x.size(1);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor meanT = x.mean(0);
            Tensor centered = x.sub(meanT);
            double[] cov = centered.t().matmul(centered).div(n - 1.0).toDoubleArray();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    double sym = 0.5 * (cov[i * d + j] + cov[j * d + i]);
                    cov[i * d + j] = sym;
                    cov[j * d + i] = sym;
                }
            }
            SmallMatrices.SymmetricEigen eig = SmallMatrices.symmetricEigen(cov, d);
            double[] values = eig.values();
            for (int j = 0; j < d; j++) {
                values[j] = Math.max(values[j], 0);
            }
            double[] vectors = eig.vectors();
            flipSigns(centered, vectors, d);
            return new Spectrum(n, d, meanT.toDoubleArray(), values, vectors);
        }
    }

    /** Makes the largest-magnitude projection of the centred data onto each eigenvector positive. */
    private static void flipSigns(Tensor centered, double[] vectors, int d) {
        Tensor scores = centered.matmul(constant(vectors, new int[]{d, d}, centered.dtype(), centered.device()));
        int[] at = scores.abs().argmax(0, false).toIntArray();
        for (int j = 0; j < d; j++) {
            if (scores.get(at[j], j) < 0) {
                for (int i = 0; i < d; i++) {
                    vectors[i * d + j] = -vectors[i * d + j];
                }
            }
        }
    }

    /** The first {@code k} eigenvectors as rows: a k x d row-major matrix. */
    double[] leadingRows(int k) {
        double[] rows = new double[k * features];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < features; i++) {
                rows[j * features + i] = vectors[i * features + j];
            }
        }
        return rows;
    }

    /** A new tensor holding {@code v} in {@code dtype} (FLOAT32 or FLOAT64) on {@code device}. */
    static Tensor constant(double[] v, int[] shape, DType dtype, Device device) {
        if (dtype == DType.FLOAT64) {
            return Tensor.of(device, v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(device, f, shape);
    }
}

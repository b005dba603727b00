package dev.tessera.cli;

import dev.tessera.Tensor;
import dev.tessera.stats.Pca;

/**
 * Examples placed on the plane of their first two principal components, for a scatter chart: example {@code i} at
 * {@code (x[i], y[i])}, its first and second coordinates in the fitted PCA's basis.
 *
 * @param x the first principal-component coordinate of each example
 * @param y the second
 */
record PcaPlane(double[] x, double[] y) {
    /** Projects {@code examples} {@code [N, D]} with {@code pca}, which must keep at least two components. */
    static PcaPlane of(Pca pca, Tensor examples) {
        int n = examples.size(0);
        double[] z = pca.transform(examples).slice(1, 0, 2).contiguous().toDoubleArray();
        double[] px = new double[n];
        double[] py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = z[2 * i];
            py[i] = z[2 * i + 1];
        }
        return new PcaPlane(px, py);
    }
}

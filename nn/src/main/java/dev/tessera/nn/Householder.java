package dev.tessera.nn;

/**
 * Householder QR on the host, in FLOAT64, for {@link Init#orthogonal}: the thin Q of an {@code m x n} matrix
 * ({@code m >= n}), with each column's sign chosen so that the matching diagonal entry of R is positive.
 */
final class Householder {
    private Householder() {
    }

    /**
     * The {@code m x n} row-major matrix Q with orthonormal columns such that {@code A = Q R}, R upper triangular
     * with a non-negative diagonal. {@code a} (row-major, {@code m x n}, {@code m >= n}) is not modified.
     */
    static double[] orthonormalColumns(double[] a, int m, int n) {
        double[] r = a.clone();
        double[][] vs = new double[n][];
        double[] signs = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += r[i * n + k] * r[i * n + k];
            }
            norm = Math.sqrt(norm);
            double alpha = r[k * n + k] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = k; i < m; i++) {
                v[i] = r[i * n + k];
            }
            v[k] -= alpha;
            vs[k] = reflect(v, k, m, r, n, k) ? v : null;
            signs[k] = r[k * n + k] < 0 ? -1.0 : 1.0;
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, then column signs fixed.
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) {
            q[j * n + j] = 1.0;
        }
        for (int k = n - 1; k >= 0; k--) {
            if (vs[k] != null) {
                reflect(vs[k], k, m, q, n, 0);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] *= signs[j];
            }
        }
        return q;
    }

    /**
     * Applies the reflection {@code H = I - 2 v v^T / (v^T v)} (v nonzero in rows {@code k..m-1} only) to columns
     * {@code fromCol..n-1} of the row-major {@code m x n} matrix {@code a}, in place.
     *
     * @return false, leaving {@code a} as it is, when v is zero there (no reflection)
     */
    private static boolean reflect(double[] v, int k, int m, double[] a, int n, int fromCol) {
        double vv = 0;
        for (int i = k; i < m; i++) {
            vv += v[i] * v[i];
        }
        if (!(vv > 0)) {
            return false;
        }
        for (int j = fromCol; j < n; j++) {
            double dot = 0;
            for (int i = k; i < m; i++) {
                dot += v[i] * a[i * n + j];
            }
            double s = 2 * dot / vv;
            for (int i = k; i < m; i++) {
                a[i * n + j] -= s * v[i];
            }
        }
        return true;
    }
}

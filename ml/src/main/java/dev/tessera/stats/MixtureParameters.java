package dev.tessera.stats;

/**
 * The parameters of a Gaussian mixture on the host, in scikit-learn's layouts (row-major): weights {@code [K]},
 * means {@code [K, d]}, covariances and precision Cholesky factors in the covariance type's shape. The precision
 * factor {@code U_k} of a component satisfies {@code Sigma_k^-1 = U_k U_k^T}; for full and tied covariances it is
 * triangular, for diagonal and spherical ones it holds {@code 1 / sigma}. Immutable by convention. The covariances
 * are null only for parameters given as precisions and not yet re-estimated.
 */
record MixtureParameters(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances,
                         double[] precisionsCholesky) {
    /** {@code log det U_k = 0.5 log det Sigma_k^-1} per component, from the precision factors. */
    double[] logDetPrecisionCholesky() {
        double[] out = new double[k];
        double[] u = precisionsCholesky;
        for (int c = 0; c < k; c++) {
            double s = 0;
            switch (type) {
                case FULL -> {
                    for (int i = 0; i < d; i++) {
                        s += Math.log(u[c * d * d + i * d + i]);
                    }
                }
                case TIED -> {
                    for (int i = 0; i < d; i++) {
                        s += Math.log(u[i * d + i]);
                    }
                }
                case DIAGONAL -> {
                    for (int i = 0; i < d; i++) {
                        s += Math.log(u[c * d + i]);
                    }
                }
                case SPHERICAL -> s = d * Math.log(u[c]);
            }
            out[c] = s;
        }
        return out;
    }

    /** These parameters with other weights. */
    MixtureParameters withWeights(double[] w) {
        return new MixtureParameters(type, k, d, w, means, covariances, precisionsCholesky);
    }
}

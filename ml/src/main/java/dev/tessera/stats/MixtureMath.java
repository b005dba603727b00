package dev.tessera.stats;

import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The E-step and M-step arithmetic of {@link GaussianMixture}, following scikit-learn's
 * {@code _gaussian_mixture.py} formula for formula so results agree to rounding. The vector work over the N points
 * runs as tensor ops on the data's device and dtype; the d x d pieces run on the host in double precision.
 */
final class MixtureMath {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** scikit-learn adds {@code 10 * eps} (float64 machine epsilon) to every component's responsibility sum. */
    private static final double TINY = 10 * Math.ulp(1.0);
    static final String ILL_DEFINED = "Fitting the mixture model failed because some components have ill-defined"
            + " empirical covariance (for instance caused by singleton or collapsed samples). Try to decrease the"
            + " number of components, or increase regCovar.";

    private MixtureMath() {
    }

    /** A host array as a tensor in x's dtype on x's device. */
    private static Tensor like(Tensor x, double[] v, int... shape) {
        return Spectrum.constant(v, shape, x.dtype(), x.device());
    }

    /**
     * {@code log w_k + log N(x_n | mu_k, Sigma_k)} for every point and component, {@code [N, K]}:
     * {@code log N = -0.5 (d log 2 pi + ||(x - mu_k) U_k||^2) + log det U_k}.
     */
    static Tensor weightedLogProb(Tensor x, MixtureParameters p) {
        int k = p.k();
        int d = p.d();
        try (Scope s = Scope.open()) {
            double[] u = p.precisionsCholesky();
            Tensor maha = switch (p.type()) {
                case FULL -> {
                    Tensor y = x.matmul(like(x, u, k, d, d)).sub(like(x, projectedMeans(p), k, 1, d));
                    yield y.square().sum(2).t();
                }
                case TIED -> {
                    Tensor y = x.matmul(like(x, u, d, d)).unsqueeze(1).sub(like(x, projectedMeans(p), k, d));
                    yield y.square().sum(2);
                }
                case DIAGONAL -> {
                    double[] prec = new double[k * d];
                    double[] muPrec = new double[k * d];
                    double[] muSq = new double[k];
                    for (int i = 0; i < k * d; i++) {
                        prec[i] = u[i] * u[i];
                        muPrec[i] = p.means()[i] * prec[i];
                        muSq[i / d] += p.means()[i] * p.means()[i] * prec[i];
                    }
                    yield x.matmul(like(x, muPrec, k, d).t()).mul(-2).add(x.square().matmul(like(x, prec, k, d).t()))
                            .add(like(x, muSq, k));
                }
                case SPHERICAL -> {
                    double[] prec = new double[k];
                    double[] muSq = new double[k];
                    for (int c = 0; c < k; c++) {
                        prec[c] = u[c] * u[c];
                        double sq = 0;
                        for (int i = 0; i < d; i++) {
                            sq += p.means()[c * d + i] * p.means()[c * d + i];
                        }
                        muSq[c] = sq * prec[c];
                    }
                    Tensor precT = like(x, prec, k);
                    Tensor cross = x.matmul(like(x, p.means(), k, d).t()).mul(precT).mul(-2);
                    yield cross.add(x.square().sum(new int[]{1}, true).mul(precT)).add(like(x, muSq, k));
                }
            };
            double[] logDet = p.logDetPrecisionCholesky();
            double[] bias = new double[k];
            for (int c = 0; c < k; c++) {
                bias[c] = logDet[c] - 0.5 * d * LOG_2PI + Math.log(p.weights()[c]);
            }
            return s.keep(maha.mul(-0.5).add(like(x, bias, k)));
        }
    }

    /** {@code mu_k U_k} for every component (U shared when tied), {@code [K, d]} row-major. */
    private static double[] projectedMeans(MixtureParameters p) {
        int k = p.k();
        int d = p.d();
        double[] out = new double[k * d];
        for (int c = 0; c < k; c++) {
            int base = p.type() == CovarianceType.FULL ? c * d * d : 0;
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += p.means()[c * d + i] * p.precisionsCholesky()[base + i * d + j];
                }
                out[c * d + j] = v;
            }
        }
        return out;
    }

    /**
     * The M-step: from responsibilities {@code resp} ({@code [N, K]}) the component sizes
     * {@code n_k = sum_n r_nk + 10 eps} (returned as unnormalized weights), means
     * {@code mu_k = sum_n r_nk x_n / n_k} and covariances
     * {@code Sigma_k = sum_n r_nk (x_n - mu_k)(x_n - mu_k)^T / n_k + reg I} (the course notes' m_j, mu_j, Sigma_j;
     * tied: the n_k-weighted average of the Sigma_k; diagonal: its diagonal; spherical: the mean of the diagonal),
     * with their precision factors.
     *
     * @throws IllegalStateException when a covariance is not positive definite
     */
    static MixtureParameters estimate(Tensor x, Tensor resp, CovarianceType type, double reg) {
        int d = x.size(1);
        int k = resp.size(1);
        try (Scope s = Scope.open()) {
            double[] nk = resp.sum(0).toDoubleArray();
            for (int c = 0; c < k; c++) {
                nk[c] += TINY;
            }
            Tensor respT = resp.t();
            double[] sums = respT.matmul(x).toDoubleArray();
            double[] means = new double[k * d];
            for (int i = 0; i < k * d; i++) {
                means[i] = sums[i] / nk[i / d];
            }
            double[] cov = switch (type) {
                case FULL -> {
                    Tensor diff = x.sub(like(x, means, k, 1, d));
                    double[] c = diff.mul(respT.unsqueeze(2)).transpose(1, 2).matmul(diff).toDoubleArray();
                    for (int comp = 0; comp < k; comp++) {
                        for (int i = 0; i < d * d; i++) {
                            c[comp * d * d + i] /= nk[comp];
                        }
                        for (int i = 0; i < d; i++) {
                            c[comp * d * d + i * d + i] += reg;
                        }
                    }
                    yield c;
                }
                case TIED -> {
                    double[] c = x.t().matmul(x).toDoubleArray();
                    double total = 0;
                    for (int comp = 0; comp < k; comp++) {
                        total += nk[comp];
                        for (int i = 0; i < d; i++) {
                            for (int j = 0; j < d; j++) {
                                c[i * d + j] -= nk[comp] * means[comp * d + i] * means[comp * d + j];
                            }
                        }
                    }
                    for (int i = 0; i < d * d; i++) {
                        c[i] /= total;
                    }
                    for (int i = 0; i < d; i++) {
                        c[i * d + i] += reg;
                    }
                    yield c;
                }
                case DIAGONAL, SPHERICAL -> {
                    double[] sq = respT.matmul(x.square()).toDoubleArray();
                    double[] c = new double[k * d];
                    for (int i = 0; i < k * d; i++) {
                        double mu = means[i];
                        c[i] = sq[i] / nk[i / d] - 2 * (mu * (sums[i] / nk[i / d])) + mu * mu + reg;
                    }
                    if (type == CovarianceType.DIAGONAL) {
                        yield c;
                    }
                    double[] sph = new double[k];
                    for (int comp = 0; comp < k; comp++) {
                        double m = 0;
                        for (int i = 0; i < d; i++) {
                            m += c[comp * d + i];
                        }
                        sph[comp] = m / d;
                    }
                    yield sph;
                }
            };
            return new MixtureParameters(type, k, d, nk, means, cov, precisionCholeskyFromCovariance(cov, type, k, d));
        }
    }

    /**
     * The precision factors of covariances: {@code U = (L^-1)^T} with {@code Sigma = L L^T} for full and tied,
     * {@code 1 / sqrt(sigma^2)} for diagonal and spherical.
     *
     * @throws IllegalStateException ({@link #ILL_DEFINED}) when a covariance is not positive definite
     */
    static double[] precisionCholeskyFromCovariance(double[] cov, CovarianceType type, int k, int d) {
        return factors(cov, type, k, d, l -> SmallMatrices.inverseLowerTransposed(l, d),
                b -> new IllegalStateException(ILL_DEFINED), v -> 1 / Math.sqrt(v),
                v -> new IllegalStateException(ILL_DEFINED));
    }

    /**
     * The precision factors of given precisions, as scikit-learn derives them from {@code precisions_init}: the
     * lower Cholesky factor for full and tied, the square root for diagonal and spherical.
     *
     * @throws IllegalArgumentException when a precision is not positive definite
     */
    static double[] precisionCholeskyFromPrecision(double[] prec, CovarianceType type, int k, int d) {
        return factors(prec, type, k, d, l -> l,
                b -> new IllegalArgumentException("GaussianMixture: initial precision " + b
                        + " is not symmetric positive definite"), Math::sqrt,
                v -> new IllegalArgumentException("GaussianMixture: initial precisions must be positive, got " + v));
    }

    /**
     * Maps symmetric matrices in a covariance type's layout to factors in the same layout: for full and tied, each
     * {@code d x d} block (K, or one) to {@code fromLower} of its lower Cholesky factor; for diagonal and spherical,
     * each value to {@code fromPositive} of it.
     *
     * @throws RuntimeException {@code notDefinite} of a block's index when it is not positive definite, or
     *                          {@code notPositive} of a value that is not positive
     */
    private static double[] factors(double[] m, CovarianceType type, int k, int d, UnaryOperator<double[]> fromLower,
                                    IntFunction<RuntimeException> notDefinite, DoubleUnaryOperator fromPositive,
                                    DoubleFunction<RuntimeException> notPositive) {
        return switch (type) {
            case FULL, TIED -> {
                int blocks = type == CovarianceType.FULL ? k : 1;
                double[] out = new double[blocks * d * d];
                for (int b = 0; b < blocks; b++) {
                    double[] l = SmallMatrices.choleskyLower(java.util.Arrays.copyOfRange(m, b * d * d,
                            (b + 1) * d * d), d);
                    if (l == null) {
                        throw notDefinite.apply(b);
                    }
                    System.arraycopy(fromLower.apply(l), 0, out, b * d * d, d * d);
                }
                yield out;
            }
            case DIAGONAL, SPHERICAL -> {
                double[] out = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    if (!(m[i] > 0)) {
                        throw notPositive.apply(m[i]);
                    }
                    out[i] = fromPositive.applyAsDouble(m[i]);
                }
                yield out;
            }
        };
    }
}

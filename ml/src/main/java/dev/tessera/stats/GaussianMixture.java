package dev.tessera.stats;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import java.util.Arrays;

/**
 * A mixture of K Gaussians fitted by expectation-maximization, with scikit-learn's {@code GaussianMixture}
 * definitions, so that from the same initial parameters both give the same weights, means, covariances and
 * log-likelihood.
 *
 * <p><b>Model.</b> {@code p(x) = sum_k w_k N(x | mu_k, Sigma_k)} with {@link CovarianceType full, tied, diagonal or
 * spherical} covariances.
 *
 * <p><b>EM</b> (the course notes' updates), in log space:
 * <ul>
 * <li>E-step: {@code log r_nk = log w_k + log N(x_n | mu_k, Sigma_k) - logsumexp_j(log w_j + log N(x_n | mu_j,
 *     Sigma_j))}; the mean over n of the logsumexp is the log-likelihood per point (scikit-learn's lower bound);</li>
 * <li>M-step: {@code m_k = sum_n r_nk / N} (then normalized), {@code mu_k = sum_n r_nk x_n / sum_n r_nk},
 *     {@code Sigma_k = sum_n r_nk (x_n - mu_k)(x_n - mu_k)^T / sum_n r_nk + reg I}, restricted to the covariance
 *     type;</li>
 * <li>stop when the mean log-likelihood changes by less than the tolerance, or after the maximum number of
 *     iterations ({@link #converged()} tells which).</li>
 * </ul>
 * Initial responsibilities come from k-means or k-means++ seeds (seeded, see {@link GaussianMixtureOptions.Init}),
 * and any of the weights, means and precisions may be given instead. The E-step and the sums over the N points run as
 * tensor ops on the data's device; the d x d Cholesky factors run on the host (EJML). Parameters are kept on the
 * host in double precision; the fitted model is immutable and thread-safe.
 */
public final class GaussianMixture {
    private final MixtureParameters params;
    private final boolean converged;
    private final int iterations;
    private final double lowerBound;
    private final Device device;
    private final DType dtype;

    private GaussianMixture(MixtureParameters params, boolean converged, int iterations, double lowerBound,
                            Device device, DType dtype) {
        this.params = params;
        this.converged = converged;
        this.iterations = iterations;
        this.lowerBound = lowerBound;
        this.device = device;
        this.dtype = dtype;
    }

    // =================================================================== fitting

    /**
     * Fits a mixture to {@code x} ({@code [N, d]}, N >= K, finite) by EM; x is not modified.
     *
     * @throws IllegalArgumentException for bad data or initial parameters of the wrong shape
     * @throws IllegalStateException    when a covariance estimate is not positive definite (increase regCovar)
     */
    public static GaussianMixture fit(Tensor x, GaussianMixtureOptions options) {
        Checks.matrix("GaussianMixture.fit", x, Math.max(2, options.components));
        int k = options.components;
        int d = x.size(1);
        checkInitShapes(options, k, d);
        Generator generator = new Generator(options.seed);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor data = x.to(options.dtype);
            GaussianMixture best = null;
            for (int trial = 0; trial < options.initializations; trial++) {
                GaussianMixture fitted = runEm(data, options, initialize(data, options, generator));
                if (best == null || fitted.lowerBound > best.lowerBound) {
                    best = fitted;
                }
            }
            return best;
        }
    }

    private static void checkInitShapes(GaussianMixtureOptions o, int k, int d) {
        if (o.meansInit != null && o.meansInit.length != k * d) {
            throw new IllegalArgumentException("GaussianMixture: initial means hold " + o.meansInit.length / k
                    + " features per component but the data has " + d);
        }
        if (o.precisionsInit != null) {
            int[] expected = o.covarianceType.shape(k, d);
            if (!Arrays.equals(o.precisionsShape, expected)) {
                throw new IllegalArgumentException("GaussianMixture: initial precisions for " + o.covarianceType.id()
                        + " covariances must have shape " + Arrays.toString(expected) + ", got "
                        + Arrays.toString(o.precisionsShape));
            }
        }
    }

    /** The parameters EM starts from: estimated from initial responsibilities, then overridden by given ones. */
    private static MixtureParameters initialize(Tensor x, GaussianMixtureOptions o, Generator generator) {
        int n = x.size(0);
        int k = o.components;
        int d = x.size(1);
        boolean needResp = o.weightsInit == null || o.meansInit == null || o.precisionsInit == null;
        MixtureParameters p;
        if (needResp) {
            int[] seeds = KMeansInit.seeds(x, k, generator);
            double[] resp = new double[n * k];
            if (o.init == GaussianMixtureOptions.Init.KMEANS) {
                int[] labels = KMeansInit.lloyd(x, seeds, 300);
                for (int i = 0; i < n; i++) {
                    resp[i * k + labels[i]] = 1;
                }
            } else {
                for (int c = 0; c < k; c++) {
                    resp[seeds[c] * k + c] = 1;
                }
            }
            try (Scope s = Scope.open()) {
                p = MixtureMath.estimate(x, Spectrum.constant(resp, new int[]{n, k}, x.dtype(), x.device()),
                        o.covarianceType, o.regCovar);
            }
            double[] w = p.weights().clone();
            for (int c = 0; c < k; c++) {
                w[c] /= n;
            }
            p = p.withWeights(w);
        } else {
            p = null;
        }
        double[] weights = o.weightsInit != null ? o.weightsInit.clone() : p.weights();
        double[] means = o.meansInit != null ? o.meansInit.clone() : p.means();
        if (o.precisionsInit != null) {
            return new MixtureParameters(o.covarianceType, k, d, weights, means, null,
                    MixtureMath.precisionCholeskyFromPrecision(o.precisionsInit, o.covarianceType, k, d));
        }
        return new MixtureParameters(o.covarianceType, k, d, weights, means, p.covariances(), p.precisionsCholesky());
    }

    /** EM from {@code p} until the change of the mean log-likelihood is below the tolerance or maxIterations. */
    private static GaussianMixture runEm(Tensor x, GaussianMixtureOptions o, MixtureParameters p) {
        double lower = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int iteration = 0;
        while (iteration < o.maxIterations) {
            iteration++;
            double previous = lower;
            try (Scope s = Scope.open()) {
                Tensor weighted = MixtureMath.weightedLogProb(x, p);
                Tensor norm = weighted.logsumexp(new int[]{1}, true);
                lower = norm.mean().item();
                Tensor resp = weighted.sub(norm).exp();
                MixtureParameters next = MixtureMath.estimate(x, resp, o.covarianceType, o.regCovar);
                double total = 0;
                for (double w : next.weights()) {
                    total += w;
                }
                double[] w = next.weights().clone();
                for (int c = 0; c < w.length; c++) {
                    w[c] /= total;
                }
                p = next.withWeights(w);
            }
            if (Math.abs(lower - previous) < o.tolerance) {
                converged = true;
                break;
            }
        }
        return new GaussianMixture(p, converged, iteration, lower, x.device(), x.dtype());
    }

    // =================================================================== fitted state

    /** The covariance type. */
    public CovarianceType covarianceType() {
        return params.type();
    }

    /** Number of components K. */
    public int components() {
        return params.k();
    }

    /** Number of features d. */
    public int features() {
        return params.d();
    }

    /** Whether EM stopped because the log-likelihood changed by less than the tolerance. */
    public boolean converged() {
        return converged;
    }

    /** EM iterations run (for the kept initialisation). */
    public int iterations() {
        return iterations;
    }

    /**
     * The mean log-likelihood per point computed in the last E-step, that is of the parameters before the last
     * M-step (scikit-learn's {@code lower_bound_}); {@link #score} gives it for the final parameters.
     */
    public double lowerBound() {
        return lowerBound;
    }

    /** The mixing weights {@code [K]}, in the fit dtype on the device the model was fitted on; the caller owns it. */
    public Tensor weights() {
        return Spectrum.constant(params.weights(), new int[]{params.k()}, dtype, device);
    }

    /** The means {@code [K, d]}. */
    public Tensor means() {
        return Spectrum.constant(params.means(), new int[]{params.k(), params.d()}, dtype, device);
    }

    /**
     * The covariances in scikit-learn's shape: {@code [K, d, d]} full, {@code [d, d]} tied, {@code [K, d]}
     * diagonal (the variances), {@code [K]} spherical.
     */
    public Tensor covariances() {
        return Spectrum.constant(params.covariances(), params.type().shape(params.k(), params.d()), dtype, device);
    }

    /** The precision Cholesky factors {@code U_k} ({@code Sigma_k^-1 = U_k U_k^T}) in the covariances' shape. */
    public Tensor precisionsCholesky() {
        return Spectrum.constant(params.precisionsCholesky(), params.type().shape(params.k(), params.d()), dtype, device);
    }

    /** Free parameters of the model (see {@link CovarianceType#parameters}). */
    public long parameterCount() {
        return params.type().parameters(params.k(), params.d());
    }

    // =================================================================== inference

    private Tensor weightedLogProb(String op, Tensor x) {
        Checks.columns(op, x, params.d());
        return MixtureMath.weightedLogProb(x.to(dtype), params);
    }

    /** {@code log p(x_n)} for each row of {@code x} ({@code [N, d]}), {@code [N]} in the fit dtype. */
    public Tensor scoreSamples(Tensor x) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return s.keep(weightedLogProb("GaussianMixture.scoreSamples", x).logsumexp(1));
        }
    }

    /** The mean log-likelihood per point of {@code x}: {@code (1/N) sum_n log p(x_n)}. */
    public double score(Tensor x) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return weightedLogProb("GaussianMixture.score", x).logsumexp(1).mean().item();
        }
    }

    /** The responsibilities {@code p(k | x_n)}, {@code [N, K]}, each row summing to 1. */
    public Tensor predictProba(Tensor x) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor w = weightedLogProb("GaussianMixture.predictProba", x);
            return s.keep(w.sub(w.logsumexp(new int[]{1}, true)).exp());
        }
    }

    /** The most probable component of each row, INT32 {@code [N]}. */
    public Tensor predict(Tensor x) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return s.keep(weightedLogProb("GaussianMixture.predict", x).argmax(1, false));
        }
    }

    /**
     * Bayesian information criterion {@code -2 N score(x) + p ln N}, p = {@link #parameterCount()} (lower is
     * better).
     */
    public double bic(Tensor x) {
        return -2 * score(x) * x.size(0) + parameterCount() * Math.log(x.size(0));
    }

    /** Akaike information criterion {@code -2 N score(x) + 2 p} (lower is better). */
    public double aic(Tensor x) {
        return -2 * score(x) * x.size(0) + 2.0 * parameterCount();
    }

    /**
     * Draws {@code n} points: component counts from the multinomial of the weights, then each component's points
     * {@code mu_k + z A_k^T}, z standard normal ({@link Tensor#normal}) and {@code A_k A_k^T = Sigma_k}. Points are
     * grouped by component; all randomness comes from {@code generator}.
     */
    public MixtureSample sample(int n, Generator generator) {
        if (n < 1) {
            throw new IllegalArgumentException("GaussianMixture.sample: n must be >= 1, got " + n);
        }
        int k = params.k();
        int d = params.d();
        int[] counts = new int[k];
        for (double u : Draws.uniform(generator, n)) {
            double acc = 0;
            int c = 0;
            while (c < k - 1 && u >= (acc += params.weights()[c])) {
                c++;
            }
            counts[c]++;
        }
        int[] labels = new int[n];
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor[] parts = new Tensor[k];
            int filled = 0;
            for (int c = 0; c < k; c++) {
                Arrays.fill(labels, filled, filled + counts[c], c);
                filled += counts[c];
                Tensor z = Tensor.normal(generator, 0, 1, Shape.of(counts[c], d), dtype, device);
                Tensor mu = Spectrum.constant(Arrays.copyOfRange(params.means(), c * d, (c + 1) * d), new int[]{d},
                        dtype, device);
                parts[c] = z.matmul(Spectrum.constant(SmallMatrices.transpose(spread(c), d), new int[]{d, d}, dtype,
                        device)).add(mu);
            }
            Tensor x = s.keep(Tensor.concat(0, parts));
            return new MixtureSample(x, s.keep(Tensor.of(device, labels, n)));
        }
    }

    /** A matrix A with {@code A A^T = Sigma_c}: the Cholesky factor, or the diagonal of standard deviations. */
    private double[] spread(int c) {
        int d = params.d();
        double[] cov = params.covariances();
        return switch (params.type()) {
            case FULL -> SmallMatrices.choleskyLower(Arrays.copyOfRange(cov, c * d * d, (c + 1) * d * d), d);
            case TIED -> SmallMatrices.choleskyLower(cov, d);
            case DIAGONAL, SPHERICAL -> {
                double[] a = new double[d * d];
                for (int i = 0; i < d; i++) {
                    a[i * d + i] = Math.sqrt(params.type() == CovarianceType.DIAGONAL ? cov[c * d + i] : cov[c]);
                }
                yield a;
            }
        };
    }

    @Override
    public String toString() {
        return "GaussianMixture(" + params.k() + " x " + params.type().id() + " in " + params.d() + " dimensions, "
                + iterations + " iterations, " + (converged ? "converged" : "not converged") + ", lower bound "
                + lowerBound + ")";
    }
}

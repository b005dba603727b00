package dev.tessera.stats;

import dev.tessera.DType;
import dev.tessera.Require;
import dev.tessera.Tensor;
import java.util.Arrays;

/**
 * The settings of {@link GaussianMixture#fit}, with scikit-learn's defaults: full covariances, tolerance 1e-3 on the
 * change of the mean log-likelihood, {@code reg_covar = 1e-6}, at most 100 EM iterations, one initialisation,
 * k-means initialisation. Mutable builder; {@code fit} copies what it needs.
 */
public final class GaussianMixtureOptions {
    /** How the responsibilities that start EM are chosen when no explicit parameters are given. */
    public enum Init {
        /**
         * k-means: k-means++ seeding, then Lloyd iterations until the assignment is stable (at most 300); each point
         * is given fully to its cluster (scikit-learn's {@code init_params="kmeans"}).
         */
        KMEANS,
        /**
         * The k-means++ seeds alone: responsibility 1 of seed point j for component j and 0 elsewhere
         * (scikit-learn's {@code init_params="k-means++"}).
         */
        KMEANS_PLUS_PLUS
    }

    final int components;
    CovarianceType covarianceType = CovarianceType.FULL;
    double tolerance = 1e-3;
    double regCovar = 1e-6;
    int maxIterations = 100;
    int initializations = 1;
    Init init = Init.KMEANS;
    long seed;
    DType dtype = DType.FLOAT64;
    double[] weightsInit;
    double[] meansInit;
    double[] precisionsInit;
    int[] precisionsShape;

    /**
     * Options for a mixture of {@code components} Gaussians.
     *
     * @throws IllegalArgumentException unless components >= 1
     */
    public GaussianMixtureOptions(int components) {
        Require.atLeast("GaussianMixture", "components", components, 1);
        this.components = components;
    }

    /** The covariance structure (default {@link CovarianceType#FULL}). */
    public GaussianMixtureOptions covarianceType(CovarianceType type) {
        this.covarianceType = type;
        return this;
    }

    /** EM stops when the mean log-likelihood changes by less than this (default 1e-3; 0 runs maxIterations). */
    public GaussianMixtureOptions tolerance(double tol) {
        Require.nonNegative("GaussianMixture", "tolerance", tol);
        this.tolerance = tol;
        return this;
    }

    /** Added to the diagonal of every covariance estimate to keep it positive definite (default 1e-6). */
    public GaussianMixtureOptions regCovar(double reg) {
        if (!(reg >= 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("GaussianMixture: regCovar must be finite and >= 0, got " + reg);
        }
        this.regCovar = reg;
        return this;
    }

    /** The most EM iterations per initialisation (default 100). */
    public GaussianMixtureOptions maxIterations(int n) {
        Require.atLeast("GaussianMixture", "maxIterations", n, 1);
        this.maxIterations = n;
        return this;
    }

    /** How many initialisations to run; the one with the best final lower bound is kept (default 1). */
    public GaussianMixtureOptions initializations(int n) {
        Require.atLeast("GaussianMixture", "initializations", n, 1);
        this.initializations = n;
        return this;
    }

    /** The initialisation method (default {@link Init#KMEANS}). */
    public GaussianMixtureOptions init(Init method) {
        this.init = method;
        return this;
    }

    /** Seed of the initialisation's random choices (default 0). */
    public GaussianMixtureOptions seed(long s) {
        this.seed = s;
        return this;
    }

    /** The dtype EM computes in on the data's device (default FLOAT64; FLOAT32 for devices without FLOAT64). */
    public GaussianMixtureOptions dtype(DType type) {
        if (!type.isFloating()) {
            throw new IllegalArgumentException("GaussianMixture: dtype must be FLOAT32 or FLOAT64, got " + type);
        }
        this.dtype = type;
        return this;
    }

    /**
     * Initial mixing weights {@code [K]} (positive, summing to 1), replacing those of the initialisation method
     * (scikit-learn's {@code weights_init}). The tensor is read now.
     */
    public GaussianMixtureOptions initialWeights(Tensor weights) {
        double[] w = read("initialWeights", weights, new int[]{components});
        double sum = 0;
        for (double v : w) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("GaussianMixture: initial weights must be positive, got " + v);
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("GaussianMixture: initial weights must sum to 1, got " + sum);
        }
        this.weightsInit = w;
        return this;
    }

    /** Initial means {@code [K, d]} (scikit-learn's {@code means_init}). The tensor is read now. */
    public GaussianMixtureOptions initialMeans(Tensor means) {
        if (means.rank() != 2 || means.size(0) != components) {
            throw new IllegalArgumentException("GaussianMixture: initialMeans must be [" + components + ", d], got "
                    + means.shape());
        }
        this.meansInit = means.toDoubleArray();
        return this;
    }

    /**
     * Initial precisions (inverse covariances) in scikit-learn's {@code precisions_init} shape for the covariance
     * type set at fit time: {@code [K, d, d]} full, {@code [d, d]} tied, {@code [K, d]} diagonal, {@code [K]}
     * spherical. The tensor is read now; its shape is checked by {@code fit}.
     */
    public GaussianMixtureOptions initialPrecisions(Tensor precisions) {
        this.precisionsInit = precisions.toDoubleArray();
        this.precisionsShape = precisions.shape().dims();
        return this;
    }

    private static double[] read(String what, Tensor t, int[] shape) {
        if (!Arrays.equals(t.shape().dims(), shape)) {
            throw new IllegalArgumentException("GaussianMixture: " + what + " must have shape "
                    + Arrays.toString(shape) + ", got " + t.shape());
        }
        return t.toDoubleArray();
    }
}

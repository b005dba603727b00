package dev.tessera.stats;

import dev.tessera.EnumNames;

/**
 * The covariance structures of a {@link GaussianMixture}, as in scikit-learn, with their free-parameter counts for
 * K components in d dimensions.
 */
public enum CovarianceType {
    /** Each component has its own general covariance: {@code K d (d + 1) / 2} parameters. */
    FULL("full"),
    /** All components share one general covariance: {@code d (d + 1) / 2} parameters. */
    TIED("tied"),
    /** Each component has its own diagonal covariance: {@code K d} parameters. */
    DIAGONAL("diag"),
    /** Each component has one variance {@code sigma_k^2 I}: {@code K} parameters. */
    SPHERICAL("spherical");

    private final String id;

    CovarianceType(String id) {
        this.id = id;
    }

    /** scikit-learn's name: {@code full}, {@code tied}, {@code diag} or {@code spherical}. */
    public String id() {
        return id;
    }

    /** The type named {@code id} (scikit-learn's names; {@code diagonal} is accepted too), case-insensitive. */
    public static CovarianceType fromId(String id) {
        return EnumNames.find(CovarianceType.class, id, (t, s) -> t.id.equals(s) || EnumNames.isLowerName(t, s))
                .orElseThrow(() -> new IllegalArgumentException("unknown covariance type '" + id
                        + "' (expected full, tied, diag or spherical)"));
    }

    /** Free covariance parameters for {@code k} components in {@code d} dimensions. */
    public long covarianceParameters(int k, int d) {
        long sym = (long) d * (d + 1) / 2;
        return switch (this) {
            case FULL -> k * sym;
            case TIED -> sym;
            case DIAGONAL -> (long) k * d;
            case SPHERICAL -> k;
        };
    }

    /**
     * All free parameters of the mixture: covariances, {@code K d} means and {@code K - 1} weights (scikit-learn's
     * {@code _n_parameters}, the count BIC and AIC charge for).
     */
    public long parameters(int k, int d) {
        return covarianceParameters(k, d) + (long) k * d + k - 1;
    }

    /** scikit-learn's array shape of the covariances (and precisions). */
    int[] shape(int k, int d) {
        return switch (this) {
            case FULL -> new int[]{k, d, d};
            case TIED -> new int[]{d, d};
            case DIAGONAL -> new int[]{k, d};
            case SPHERICAL -> new int[]{k};
        };
    }
}

/**
 * Classical statistical tools written against the public Tensor API, with scikit-learn's definitions:
 * {@link dev.tessera.stats.Pca principal component analysis}, {@link dev.tessera.stats.Whitening whitening}
 * (rotation, PCA, ZCA) and {@link dev.tessera.stats.GaussianMixture Gaussian mixtures} fitted by EM. Vector work over
 * the data runs on the data's device; the small d x d decompositions run on the host through EJML.
 */
package dev.tessera.stats;

package dev.tessera.stats;

import dev.tessera.testing.SklearnFixture;
import static dev.tessera.testing.SklearnFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaussianMixtureTest {
    private static final Device REF = Device.of("reference");
    private static final SklearnFixture DATA = SklearnFixture.of("gmm_data");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"full,converged", "full,fixed20", "tied,converged", "tied,fixed20", "diag,converged",
            "diag,fixed20", "spherical,converged", "spherical,fixed20"})
    void matchesScikitLearnFromTheSameInitialisation(String type, String run) {
        SklearnFixture f = SklearnFixture.of("gmm_" + type + "_" + run);
        try (Scope s = Scope.open()) {
            Tensor x = DATA.tensor("x", REF);
            GaussianMixtureOptions o = new GaussianMixtureOptions(3).covarianceType(CovarianceType.fromId(type))
                    .tolerance(f.scalar("tol")).maxIterations((int) f.scalar("max_iter")).regCovar(1e-6)
                    .initialWeights(DATA.tensor("weights_init", REF)).initialMeans(DATA.tensor("means_init", REF))
                    .initialPrecisions(f.tensor("precisions_init", REF));
            GaussianMixture g = GaussianMixture.fit(x, o);
            assertEquals((int) f.scalar("n_iter"), g.iterations());
            assertEquals(f.scalar("converged") != 0, g.converged());
            double tol = 1e-8;
            assertClose(f.doubles("weights"), g.weights().toDoubleArray(), tol, "weights");
            assertClose(f.doubles("means"), g.means().toDoubleArray(), tol, "means");
            assertClose(f.doubles("covariances"), g.covariances().toDoubleArray(), tol, "covariances");
            assertArrayEquals(f.array("covariances").shape(), g.covariances().shape().dims());
            assertClose(f.doubles("precisions_cholesky"), g.precisionsCholesky().toDoubleArray(), tol, "precisions");
            assertClose(new double[]{f.scalar("lower_bound")}, new double[]{g.lowerBound()}, 1e-10, "lower bound");
            assertClose(new double[]{f.scalar("score")}, new double[]{g.score(x)}, 1e-10, "score");
            Tensor head = x.slice(0, 0, 10);
            assertClose(f.doubles("score_samples"), g.scoreSamples(head).toDoubleArray(), 1e-9, "score samples");
            assertClose(f.doubles("predict_proba"), g.predictProba(head).toDoubleArray(), 1e-8, "predict proba");
            assertArrayEquals(f.array("predict").toTensor(REF).toIntArray(), g.predict(x).toIntArray());
            assertEquals((long) f.scalar("n_parameters"), g.parameterCount());
            assertClose(new double[]{f.scalar("bic"), f.scalar("aic")}, new double[]{g.bic(x), g.aic(x)}, 1e-10,
                    "bic, aic");
        }
    }

    @Test
    void parameterCountsInTwoDimensions() {
        assertEquals(3, CovarianceType.FULL.covarianceParameters(1, 2));
        assertEquals(2, CovarianceType.DIAGONAL.covarianceParameters(1, 2));
        assertEquals(1, CovarianceType.SPHERICAL.covarianceParameters(1, 2));
        assertEquals(3, CovarianceType.TIED.covarianceParameters(4, 2));
        assertEquals(4 * 3, CovarianceType.FULL.covarianceParameters(4, 2));
        // with 4 components: covariances + 4 x 2 means + 3 free weights
        assertEquals(12 + 8 + 3, CovarianceType.FULL.parameters(4, 2));
        assertEquals(8 + 8 + 3, CovarianceType.DIAGONAL.parameters(4, 2));
        assertEquals(4 + 8 + 3, CovarianceType.SPHERICAL.parameters(4, 2));
        assertEquals(3 + 8 + 3, CovarianceType.TIED.parameters(4, 2));
        assertEquals(CovarianceType.DIAGONAL, CovarianceType.fromId("diag"));
        assertThrows(IllegalArgumentException.class, () -> CovarianceType.fromId("banana"));
    }

    /** 3 well-separated 2-D blobs of 60, 50 and 40 points around (0, 0), (6, 0), (0, 6). */
    private static Tensor blobs(Generator g) {
        Tensor a = Tensor.normal(g, 0, 1, Shape.of(60, 2), DType.FLOAT64, REF);
        Tensor b = Tensor.normal(g, 0, 0.5, Shape.of(50, 2), DType.FLOAT64, REF).add(Tensor.of(REF, new double[]{6, 0}));
        Tensor c = Tensor.normal(g, 0, 0.8, Shape.of(40, 2), DType.FLOAT64, REF).add(Tensor.of(REF, new double[]{0, 6}));
        return Tensor.concat(0, a, b, c);
    }

    private static double[] sortedByX(double[] means) {
        double[][] rows = {{means[0], means[1]}, {means[2], means[3]}, {means[4], means[5]}};
        java.util.Arrays.sort(rows, (p, q) -> Double.compare(p[0] + 10 * p[1], q[0] + 10 * q[1]));
        return new double[]{rows[0][0], rows[0][1], rows[1][0], rows[1][1], rows[2][0], rows[2][1]};
    }

    @ParameterizedTest
    @CsvSource({"KMEANS", "KMEANS_PLUS_PLUS"})
    void seededInitialisationFindsSeparatedClusters(GaussianMixtureOptions.Init init) {
        try (Scope s = Scope.open()) {
            Tensor x = blobs(new Generator(3));
            GaussianMixtureOptions o = new GaussianMixtureOptions(3).init(init).seed(9);
            GaussianMixture g = GaussianMixture.fit(x, o);
            assertTrue(g.converged());
            assertClose(new double[]{0, 0, 6, 0, 0, 6}, sortedByX(g.means().toDoubleArray()), 0.35, "means");
            double[] w = g.weights().toDoubleArray();
            java.util.Arrays.sort(w);
            assertClose(new double[]{40 / 150.0, 50 / 150.0, 60 / 150.0}, w, 1e-3, "weights");
            GaussianMixture again = GaussianMixture.fit(x, o);
            assertArrayEquals(g.means().toDoubleArray(), again.means().toDoubleArray(), "reproducible from the seed");
            double[] proba = g.predictProba(x).sum(1).toDoubleArray();
            for (double p : proba) {
                assertEquals(1.0, p, 1e-12);
            }
        }
    }

    @Test
    void moreInitialisationsNeverLowerTheBound() {
        try (Scope s = Scope.open()) {
            Tensor x = blobs(new Generator(4));
            GaussianMixtureOptions one = new GaussianMixtureOptions(5).init(GaussianMixtureOptions.Init.KMEANS_PLUS_PLUS)
                    .seed(1).covarianceType(CovarianceType.DIAGONAL);
            double single = GaussianMixture.fit(x, one).lowerBound();
            double best = GaussianMixture.fit(x, one.initializations(4)).lowerBound();
            assertTrue(best >= single, best + " < " + single);
        }
    }

    @Test
    void samplesFollowTheFittedModel() {
        try (Scope s = Scope.open()) {
            Tensor x = blobs(new Generator(5));
            GaussianMixture g = GaussianMixture.fit(x, new GaussianMixtureOptions(3).seed(2));
            MixtureSample sample = g.sample(3000, new Generator(77));
            assertArrayEquals(new int[]{3000, 2}, sample.x().shape().dims());
            int[] labels = sample.labels().toIntArray();
            for (int i = 1; i < labels.length; i++) {
                assertTrue(labels[i] >= labels[i - 1], "grouped by component");
            }
            double[] w = g.weights().toDoubleArray();
            double[] means = g.means().toDoubleArray();
            double[] cov = g.covariances().toDoubleArray();
            double[] pts = sample.x().toDoubleArray();
            for (int c = 0; c < 3; c++) {
                int count = 0;
                double mx = 0;
                double my = 0;
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] == c) {
                        count++;
                        mx += pts[2 * i];
                        my += pts[2 * i + 1];
                    }
                }
                assertEquals(w[c], count / 3000.0, 0.03, "share of component " + c);
                double se = 4 * Math.sqrt(Math.max(cov[c * 4], cov[c * 4 + 3]) / count);
                assertEquals(means[2 * c], mx / count, se);
                assertEquals(means[2 * c + 1], my / count, se);
            }
            assertArrayEquals(pts, g.sample(3000, new Generator(77)).x().toDoubleArray(), "same generator, same draw");
            assertNotEquals(pts[0], g.sample(3000, new Generator(78)).x().toDoubleArray()[0]);
        }
    }

    @Test
    void badInputIsRefusedClearly() {
        try (Scope s = Scope.open()) {
            Tensor x = DATA.tensor("x", REF);
            assertThrows(IllegalArgumentException.class,
                    () -> GaussianMixture.fit(x.slice(0, 0, 2), new GaussianMixtureOptions(3)));
            Tensor nan = Tensor.of(REF, new double[]{1, 2, 3, Double.NaN, 5, 6}, 3, 2);
            assertThrows(IllegalArgumentException.class, () -> GaussianMixture.fit(nan, new GaussianMixtureOptions(2)));
            GaussianMixtureOptions wrongPrecisions = new GaussianMixtureOptions(3)
                    .initialPrecisions(Tensor.ones(Shape.of(3, 3), DType.FLOAT64, REF));
            String msg = assertThrows(IllegalArgumentException.class, () -> GaussianMixture.fit(x, wrongPrecisions))
                    .getMessage();
            assertTrue(msg.contains("[3, 3, 3]"), msg);
            assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureOptions(2)
                    .initialWeights(Tensor.of(REF, new double[]{0.2, 0.2})));
            assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureOptions(0));
            assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureOptions(2).tolerance(-1));
            Tensor collapsed = Tensor.of(REF, new double[]{1, 1, 1, 1, 1, 1, 5, 5}, 4, 2);
            String ill = assertThrows(IllegalStateException.class, () -> GaussianMixture.fit(collapsed,
                    new GaussianMixtureOptions(2).regCovar(0))).getMessage();
            assertTrue(ill.contains("regCovar"), ill);
            GaussianMixture ok = GaussianMixture.fit(collapsed, new GaussianMixtureOptions(2));
            assertFalse(Double.isNaN(ok.score(collapsed)));
            assertThrows(IllegalArgumentException.class, () -> ok.score(x));
        }
    }
}

package dev.tessera.stats;

import dev.tessera.testing.SklearnFixture;
import static dev.tessera.testing.SklearnFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WhiteningTest {
    private static final Device REF = Device.of("reference");

    /** The unbiased covariance of the rows of y. */
    private static double[] covariance(Tensor y) {
        Tensor c = y.sub(y.mean(0));
        return c.t().matmul(c).div(y.size(0) - 1.0).toDoubleArray();
    }

    private static double[] identity(int d) {
        double[] e = new double[d * d];
        for (int i = 0; i < d; i++) {
            e[i * d + i] = 1;
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(value = Whitening.Mode.class, names = {"PCA", "ZCA"})
    void whitenedTrainingDataHasIdentityCovariance(Whitening.Mode mode) {
        try (Scope s = Scope.open()) {
            Tensor x = SklearnFixture.of("pca").tensor("x", REF);
            Whitening w = Whitening.fit(x, mode, 0);
            Tensor y = w.transform(x);
            assertClose(identity(5), covariance(y), 1e-9, mode + " covariance");
            assertClose(new double[5], y.mean(0).toDoubleArray(), 1e-9, mode + " mean");
            assertClose(x.toDoubleArray(), w.inverseTransform(y).toDoubleArray(), 1e-9, mode + " inverse");
        }
    }

    @Test
    void epsilonShrinksTheVariancesToDOverDPlusEps() {
        try (Scope s = Scope.open()) {
            Tensor x = SklearnFixture.of("pca").tensor("x", REF);
            double eps = 0.5;
            Whitening w = Whitening.fit(x, Whitening.Mode.PCA, eps);
            double[] cov = covariance(w.transform(x));
            double[] d = w.variances();
            for (int j = 0; j < 5; j++) {
                assertEquals(d[j] / (d[j] + eps), cov[j * 5 + j], 1e-9);
            }
        }
    }

    @Test
    void rotationDecorrelatesAndKeepsTheVariances() {
        try (Scope s = Scope.open()) {
            Tensor x = SklearnFixture.of("pca").tensor("x", REF);
            Whitening w = Whitening.fit(x, Whitening.Mode.ROTATION, 0);
            double[] cov = covariance(w.transform(x));
            double[] expected = new double[25];
            double[] d = w.variances();
            for (int j = 0; j < 5; j++) {
                expected[j * 5 + j] = d[j];
            }
            assertClose(expected, cov, 1e-9, "rotated covariance");
            assertClose(Pca.fit(x).explainedVariance(), d, 1e-12, "variances are the PCA eigenvalues");
        }
    }

    @Test
    void pcaWhiteningMatchesScikitLearnAndZcaMatchesNumpy() {
        try (Scope s = Scope.open()) {
            SklearnFixture pca = SklearnFixture.of("pca");
            Tensor x = pca.tensor("x", REF);
            Whitening w = Whitening.fit(x, Whitening.Mode.PCA, 0, 3);
            assertClose(pca.doubles("whiten_transform"), w.transform(x.slice(0, 0, 7)).toDoubleArray(), 1e-9,
                    "PCA(whiten=True)");
            SklearnFixture zca = SklearnFixture.of("zca");
            Whitening z = Whitening.fit(x, Whitening.Mode.ZCA, zca.scalar("eps"));
            assertClose(zca.doubles("transform"), z.transform(x.slice(0, 0, 7)).toDoubleArray(), 1e-9, "ZCA");
        }
    }

    @Test
    void rankDeficientDataNeedsEpsilon() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(REF, new double[]{1, 2, 2, 4, 3, 6, 4, 8}, 4, 2);
            assertThrows(IllegalArgumentException.class, () -> Whitening.fit(x, Whitening.Mode.PCA, 0));
            Whitening w = Whitening.fit(x, Whitening.Mode.ZCA, 1e-3);
            assertEquals(2, w.matrix().length);
            assertThrows(IllegalArgumentException.class, () -> Whitening.fit(x, Whitening.Mode.ZCA, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> Whitening.fit(x, Whitening.Mode.PCA, -1));
            assertEquals(1, Whitening.fit(x, Whitening.Mode.ROTATION, 0, 1).matrix().length);
        }
    }
}

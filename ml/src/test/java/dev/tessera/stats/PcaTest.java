package dev.tessera.stats;

import dev.tessera.testing.SklearnFixture;
import static dev.tessera.testing.SklearnFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcaTest {
    private static final Device REF = Device.of("reference");
    private static final SklearnFixture F = SklearnFixture.of("pca");

    @Test
    void matchesScikitLearnPca() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF);
            Pca pca = Pca.fit(x, 3);
            assertEquals(3, pca.components());
            assertEquals(5, pca.features());
            assertClose(F.doubles("mean"), pca.mean(), 1e-12, "mean");
            assertClose(F.doubles("components"), Arrays.stream(pca.componentMatrix()).flatMapToDouble(Arrays::stream)
                    .toArray(), 1e-9, "components");
            assertClose(F.doubles("explained_variance"), pca.explainedVariance(), 1e-10, "explained variance");
            assertClose(F.doubles("explained_variance_ratio"), pca.explainedVarianceRatio(), 1e-10, "ratio");
            Tensor head = x.slice(0, 0, 7);
            Tensor z = pca.transform(head);
            assertEquals(DType.FLOAT64, z.dtype());
            assertClose(F.doubles("transform"), z.toDoubleArray(), 1e-9, "transform");
            assertClose(F.doubles("inverse_transform"), pca.inverseTransform(z).toDoubleArray(), 1e-9, "inverse");
            assertClose(F.doubles("all_explained_variance"), Pca.fit(x).explainedVariance(), 1e-10, "all variances");
        }
    }

    @Test
    void digitsPcaMatchesScikitLearn() {
        SklearnFixture f = SklearnFixture.of("digits_pca");
        try (Scope s = Scope.open(); dev.tessera.data.Batch all = dev.tessera.data.Digits.load().all(DType.FLOAT64,
                REF)) {
            Pca pca = Pca.fit(all.features(), 10);
            assertClose(f.doubles("explained_variance_ratio"), pca.explainedVarianceRatio(), 1e-9, "ratio");
            assertClose(f.doubles("components"), Arrays.stream(pca.componentMatrix()).flatMapToDouble(Arrays::stream)
                    .toArray(), 1e-8, "components");
            assertClose(f.doubles("transform"), pca.transform(all.features().slice(0, 0, 5)).toDoubleArray(), 1e-8,
                    "transform");
        }
    }

    @Test
    void allComponentsReconstructExactlyAndRatiosSumToOne() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF);
            Pca pca = Pca.fit(x);
            assertClose(x.toDoubleArray(), pca.inverseTransform(pca.transform(x)).toDoubleArray(), 1e-10, "round trip");
            assertEquals(1.0, Arrays.stream(pca.explainedVarianceRatio()).sum(), 1e-12);
            double[] v = pca.explainedVariance();
            for (int j = 1; j < v.length; j++) {
                assertTrue(v[j - 1] >= v[j], "variances decrease");
            }
        }
    }

    @Test
    void float32InputGivesFloat32Output() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF).to(DType.FLOAT32);
            Pca pca = Pca.fit(x, 3);
            Tensor z = pca.transform(x);
            assertEquals(DType.FLOAT32, z.dtype());
            assertClose(F.doubles("explained_variance"), pca.explainedVariance(), 1e-4,
                    "float32 variances");
        }
    }

    @Test
    void badInputIsRefused() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF);
            assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 0));
            assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 6));
            assertThrows(IllegalArgumentException.class, () -> Pca.fit(x.slice(0, 0, 1)));
            assertThrows(IllegalArgumentException.class, () -> Pca.fit(x.reshape(-1)));
            Tensor nan = Tensor.of(REF, new double[]{1, 2, Double.NaN, 4}, 2, 2);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Pca.fit(nan)).getMessage().contains("NaN"));
            Pca pca = Pca.fit(x, 2);
            assertThrows(IllegalArgumentException.class, () -> pca.transform(x.slice(1, 0, 4)));
            assertThrows(IllegalArgumentException.class, () -> pca.inverseTransform(x));
        }
    }
}

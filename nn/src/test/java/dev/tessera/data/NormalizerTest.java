package dev.tessera.data;

import static dev.tessera.testing.SklearnFixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.testing.SklearnFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {
    private static final Device REF = Device.of("reference");
    private static final SklearnFixture F = SklearnFixture.of("scalers");

    @ParameterizedTest
    @CsvSource({"MIN_MAX,min_max", "MIN_MAX_SYMMETRIC,min_max_symmetric", "Z_SCORE,z_score"})
    void matchesScikitLearnScalersIncludingAConstantFeature(Normalizer.Kind kind, String fixture) {
        try (Scope s = Scope.open()) {
            Normalizer n = Normalizer.fit(kind, F.tensor("x", REF));
            Tensor y = n.transform(F.tensor("x_test", REF));
            assertClose(F.doubles(fixture), y.toDoubleArray(), 1e-12, kind.id());
            assertClose(F.doubles("x_test"), n.inverseTransform(y).toDoubleArray(), 1e-12, "inverse");
        }
    }

    @Test
    void zScoreUsesThePopulationStandardDeviation() {
        try (Scope s = Scope.open()) {
            double[][] stats = Normalizer.fit(Normalizer.Kind.Z_SCORE, F.tensor("x", REF)).statistics();
            assertClose(F.doubles("mean"), stats[0], 1e-12, "mean");
            double[] std = F.doubles("std");
            std[2] = 0;
            assertClose(std, stats[1], 1e-12, "std (constant feature recorded as 0, scikit-learn shows scale 1)");
        }
    }

    @Test
    void trainingDataLandsInTheTargetRange() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF);
            Tensor unit = Normalizer.fit(Normalizer.Kind.MIN_MAX, x).transform(x);
            assertEquals(0.0, unit.min().item(), 1e-15);
            assertEquals(1.0, unit.max().item(), 1e-15);
            Tensor sym = Normalizer.fit(Normalizer.Kind.MIN_MAX_SYMMETRIC, x).transform(x);
            assertEquals(-1.0, sym.min().item(), 1e-15);
            assertEquals(1.0, sym.max().item(), 1e-15);
            Tensor z = Normalizer.fit(Normalizer.Kind.Z_SCORE, x).transform(x);
            double[] var = z.var(new int[]{0}, 0, false).toDoubleArray();
            assertClose(new double[]{1, 1, 0, 1}, var, 1e-12, "z-score variances (constant feature stays 0)");
        }
    }

    @Test
    void stateRoundTripReproducesTheTransform() {
        try (Scope s = Scope.open()) {
            Tensor x = F.tensor("x", REF).to(DType.FLOAT32);
            for (Normalizer.Kind kind : Normalizer.Kind.values()) {
                Normalizer n = Normalizer.fit(kind, x);
                Map<String, Tensor> state = n.state("normalizer.", REF);
                Map<String, String> meta = n.metadata("normalizer.");
                assertEquals(kind.id(), meta.get("normalizer.kind"));
                assertTrue(state.keySet().stream().allMatch(k -> k.startsWith("normalizer.")));
                Normalizer back = Normalizer.fromState("normalizer.", state, meta);
                Tensor test = F.tensor("x_test", REF).to(DType.FLOAT32);
                assertEquals(DType.FLOAT32, back.transform(test).dtype());
                assertClose(n.transform(test).toDoubleArray(), back.transform(test).toDoubleArray(), 0, kind.id());
            }
        }
    }

    @Test
    void worksOnImageShapedFeatures() {
        try (Scope s = Scope.open()) {
            Tensor images = Tensor.arange(0, 24, 1, DType.FLOAT32, REF).reshape(4, 2, 3);
            Normalizer n = Normalizer.fit(Normalizer.Kind.MIN_MAX, images);
            assertEquals(dev.tessera.Shape.of(2, 3), n.featureShape());
            Tensor y = n.transform(images);
            assertEquals(1.0, y.get(3, 1, 2), 1e-7);
            assertEquals(0.0, n.transform(images.select(0, 0)).get(1, 1), 1e-7);
            assertThrows(IllegalArgumentException.class, () -> n.transform(images.reshape(4, 6)));
        }
    }

    @Test
    void badInputIsRefused() {
        try (Scope s = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> Normalizer.fit(Normalizer.Kind.MIN_MAX,
                    Tensor.of(REF, new int[]{1, 2}, 2, 1)));
            assertThrows(IllegalArgumentException.class, () -> Normalizer.fit(Normalizer.Kind.MIN_MAX,
                    Tensor.scalar(1, DType.FLOAT32, REF)));
            assertThrows(IllegalArgumentException.class, () -> Normalizer.Kind.fromId("log"));
            assertEquals(Normalizer.Kind.Z_SCORE, Normalizer.Kind.fromId("zscore"));
            assertEquals(Normalizer.Kind.MIN_MAX_SYMMETRIC, Normalizer.Kind.fromId("MinMax-Symmetric"));
            assertThrows(IllegalArgumentException.class, () -> Normalizer.fromState("", Map.of(), Map.of()));
            assertThrows(IllegalArgumentException.class, () -> Normalizer.fromState("", Map.of(),
                    Map.of("kind", "z-score")));
        }
    }
}

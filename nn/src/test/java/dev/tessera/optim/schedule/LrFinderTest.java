package dev.tessera.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.SGD;
import dev.tessera.testing.TorchFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LR range test: curve, divergence stop, a caller's stop, suggestion, and exact restoration of model and
 * optimizer.
 */
class LrFinderTest {
    private final TensorOptions opts = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(21));

    @Test
    void sweepFindsTheUsefulRangeStopsOnDivergenceAndRestoresEverything() {
        Sequential model = new Sequential(new Dropout(0.05, new Generator(3)), new Linear(4, 1, true, opts));
        Tensor x = Tensor.normal(new Generator(1), 0, 1, Shape.of(32, 4), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor w = Tensor.of(TorchFixture.DEVICE, new double[]{1, -2, 0.5, 3}, 4, 1);
        Tensor y = x.matmul(w).add(0.7);
        SGD sgd = new SGD(model.namedParameters(), 0.01, 0.9);
        MSELoss mse = new MSELoss();
        // one ordinary step first, so there is optimizer state to restore
        mse.compute(model.forward(x), y).backward();
        sgd.step();
        sgd.zeroGrad();
        Map<String, double[]> before = values(model.stateDict());
        Map<String, double[]> stateBefore = values(sgd.stateTensors());
        Map<String, String> scalarsBefore = sgd.stateScalars();
        long rngOffset = model.namedGenerators().get("0.rng").offset();
        model.eval();

        LrFinderResult r = new LrFinder(1e-4, 100, 60, 0.9, 4).run(model, sgd, () -> mse.compute(model.forward(x), y));

        assertTrue(r.diverged(), "a rate of 100 diverges on this problem");
        assertTrue(r.points().size() < 60, "stopped early: " + r.points().size());
        assertEquals(1e-4, r.points().get(0).lr(), 1e-18);
        assertTrue(r.steepestLr() > 1e-3 && r.steepestLr() < 1, "suggestion " + r.steepestLr());
        assertTrue(r.minimumLossLr() > r.steepestLr());
        assertTrue(r.toCsv().startsWith("lr,loss,smoothed_loss\n1.0E-4,"), r.toCsv());
        Map<String, double[]> after = values(model.stateDict());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0.0, k));
        Map<String, double[]> stateAfter = values(sgd.stateTensors());
        stateBefore.forEach((k, v) -> assertArrayEquals(v, stateAfter.get(k), 0.0, k));
        assertEquals(scalarsBefore, sgd.stateScalars());
        assertEquals(0.01, sgd.lr());
        assertEquals(rngOffset, model.namedGenerators().get("0.rng").offset());
        assertTrue(!model.isTraining(), "mode restored");
    }

    @Test
    void aCallersStopEndsTheSweepBetweenMiniBatchesAndStillRestores() {
        Linear model = new Linear(4, 1, true, opts);
        Tensor x = Tensor.normal(new Generator(1), 0, 1, Shape.of(16, 4), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = x.sum(new int[]{1}, true);
        SGD sgd = new SGD(model.namedParameters(), 0.01, 0.9);
        MSELoss mse = new MSELoss();
        Map<String, double[]> before = values(model.stateDict());
        int[] losses = {0};

        LrFinderResult r = new LrFinder(1e-6, 1e-5, 50, 0.9, 4).run(model, sgd, () -> {
            losses[0]++;
            return mse.compute(model.forward(x), y);
        }, () -> losses[0] == 7);

        assertTrue(r.stopped());
        assertTrue(!r.diverged());
        assertEquals(7, r.points().size(), "the points before the stop, no mini-batch after it");
        assertEquals(7, losses[0]);
        Map<String, double[]> after = values(model.stateDict());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), 0.0, k));
        assertEquals(0.01, sgd.lr());
        assertTrue(!new LrFinder(1e-6, 1e-5, 5, 0.9, 4).run(model, sgd, () -> mse.compute(model.forward(x), y))
                .stopped(), "a full sweep is not marked stopped");
    }

    @Test
    void rejectsBadRanges() {
        assertEquals("LrFinder: need 0 < minLr < maxLr < inf, got 1.0 and 0.1",
                assertThrows(IllegalArgumentException.class, () -> new LrFinder(1, 0.1, 10, 0.9, 4)).getMessage());
        assertEquals("LrFinder: steps must be >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> new LrFinder(1e-5, 1, 1, 0.9, 4)).getMessage());
    }

    private static Map<String, double[]> values(Map<String, Tensor> m) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }
}

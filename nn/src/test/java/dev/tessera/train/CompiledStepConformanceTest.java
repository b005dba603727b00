package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.DType;
import dev.tessera.DeferredChecks;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.StepGraph;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.DeviceUnderTest;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.Optimizers;
import dev.tessera.optim.schedule.CosineAnnealing;
import dev.tessera.optim.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledStep} on one backend with step capture: N captured and replayed steps of an MLP with a scheduled
 * rate and cross-entropy equal N eager steps bit for bit (parameters, optimizer state and every loss), so a rate or a
 * bias correction baked in at capture would fail; shape changes capture again; steps that cannot be captured fall
 * back to eager with a reason and still equal eager steps; on a device without step capture every step runs eagerly
 * with that reason. Each backend module subclasses it.
 */
public abstract class CompiledStepConformanceTest {
    private static final int FEATURES = 6;
    private static final int CLASSES = 4;
    private static final int STEPS = 9;
    private static final Function<Module, Optimizer> ADAM =
            m -> Optimizers.adam(m.namedParameters()).lr(0.02).build();
    private boolean indexChecks;

    /** The device spec under test, e.g. {@code cpu}. */
    protected abstract String deviceSpec();

    private Device device() {
        return Device.of(deviceSpec());
    }

    /** Checks a run that asked for capture captured {@code graphs} graphs, or says why the device cannot. */
    private void assertCaptured(Run run, int graphs) {
        Optional<String> unsupported = StepGraph.unsupportedReason(device());
        assertEquals(unsupported.orElse(""), run.reason);
        assertEquals(unsupported.isPresent() ? 0 : graphs, run.graphs);
    }

    /** Trains eagerly and with capture on; checks that the captured run equals the eager one and returns it. */
    private Run capturedAgreeingWithEager(Function<Module, Optimizer> make, Loss loss, int[] batches) {
        Run eager = train(make, loss, batches, false, false);
        Run captured = train(make, loss, batches, true, false);
        captured.assertEquals(eager);
        return captured;
    }

    @BeforeEach
    void indexChecksOff() {
        DeviceUnderTest.openOrSkip(deviceSpec());
        indexChecks = Tessera.indexChecks();
        Tessera.setIndexChecks(false);
    }

    @AfterEach
    void restoreIndexChecks() {
        Tessera.setIndexChecks(indexChecks);
    }

    @Test
    void replayedAdamStepsWithAScheduleEqualEagerStepsBitForBit() {
        int[] batches = new int[STEPS];
        java.util.Arrays.fill(batches, 8);
        Run captured = capturedAgreeingWithEager(ADAM, new CrossEntropyLoss(), batches);
        assertCaptured(captured, 1);
    }

    @Test
    void replayedAdamWAndSgdWithMomentumStepsEqualEagerSteps() {
        int[] batches = new int[STEPS];
        java.util.Arrays.fill(batches, 5);
        for (Function<Module, Optimizer> make : List.<Function<Module, Optimizer>>of(
                m -> Optimizers.adamW(m.namedParameters()).lr(0.05).weightDecay(0.1).build(),
                m -> Optimizers.sgd(m.namedParameters()).lr(0.2).momentum(0.9).nesterov(true).build())) {
            Run captured = capturedAgreeingWithEager(make, new CrossEntropyLoss(), batches);
            assertCaptured(captured, 1);
        }
    }

    @Test
    void aNewBatchShapeCapturesAgainAndStillEqualsEager() {
        int[] batches = {8, 8, 8, 8, 5, 8, 5, 3, 8};
        Run captured = capturedAgreeingWithEager(ADAM, new CrossEntropyLoss(), batches);
        assertCaptured(captured, 3);
    }

    @Test
    void aHostReadInTheStepFallsBackToEagerNamingIt() {
        assumeTrue(StepGraph.unsupportedReason(device()).isEmpty(), "the device cannot capture");
        int[] batches = {8, 8, 8, 8};
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Loss reading = (out, target) -> {
            Tensor l = ce.compute(out, target);
            if (Double.isNaN(l.item())) {
                throw new AssertionError("a NaN loss");
            }
            return l;
        };
        Run captured = capturedAgreeingWithEager(ADAM, reading, batches);
        assertTrue(captured.reason.startsWith("the step cannot be captured: item: a host read inside a captured "
                + "step on " + deviceSpec()), captured.reason);
        assertEquals(0, captured.graphs);
    }

    @Test
    void dropoutFallsBackToEagerNamingTheRandomDraw() {
        assumeTrue(StepGraph.unsupportedReason(device()).isEmpty(), "the device cannot capture");
        int[] batches = {8, 8, 8, 8};
        Run captured = train(ADAM, new CrossEntropyLoss(), batches, true, true);
        assertTrue(captured.reason.contains("random"), captured.reason);
        assertEquals(0, captured.graphs);
    }

    @Test
    void anOptimizerThatCannotBeCapturedRunsEagerly() {
        int[] batches = {8, 8, 8, 8};
        Function<Module, Optimizer> rmsprop = m -> Optimizers.rmsprop(m.namedParameters()).lr(0.01).build();
        Run captured = capturedAgreeingWithEager(rmsprop, new CrossEntropyLoss(), batches);
        assertTrue(captured.reason.startsWith(StepGraph.unsupportedReason(device())
                .orElse("RMSprop cannot be captured")), captured.reason);
    }

    @Test
    void deferredLabelChecksRunOutsideTheGraphAndNameTheBadBatch() {
        assumeTrue(StepGraph.unsupportedReason(device()).isEmpty(), "the device cannot capture");
        Tessera.setIndexChecks(true);
        Device d = device();
        TensorOptions o = TensorOptions.defaults().onDevice(d).seeded(7);
        Module model = new Sequential(new Linear(FEATURES, 16, true, o), new ReLU(),
                new Linear(16, CLASSES, true, o.seeded(8)));
        Generator data = new Generator(3);
        int bad = 6;
        try (CompiledStep step = CompiledStep.builder(model, new CrossEntropyLoss(), ADAM.apply(model)).build()) {
            for (int s = 0; s < bad; s++) {
                try (DeferredChecks.Context c = DeferredChecks.defer("batch " + s);
                     Tensor x = Tensor.normal(data, 0, 1, Shape.of(8, FEATURES), DType.FLOAT32, d);
                     Tensor y = labels(s, 8, d)) {
                    step.run(x, y);
                }
            }
            DeferredChecks.raisePending(d);
            assertEquals(Optional.empty(), step.eagerReason(), "index checks on must not make the step eager");
            assertEquals(1, step.graphCount());
            int[] wrong = new int[8];
            wrong[5] = CLASSES + 5;
            try (DeferredChecks.Context c = DeferredChecks.defer("batch " + bad);
                 Tensor x = Tensor.normal(data, 0, 1, Shape.of(8, FEATURES), DType.FLOAT32, d);
                 Tensor y = Tensor.of(d, wrong, 8)) {
                step.run(x, y);
            }
            IndexOutOfBoundsException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IndexOutOfBoundsException.class, () -> DeferredChecks.raisePending(d));
            assertTrue(e.getMessage().contains("label " + (CLASSES + 5)) && e.getMessage().contains("batch " + bad),
                    e.getMessage());
        } finally {
            model.close();
        }
    }

    /** The outcome of one training run. */
    private record Run(List<float[]> params, List<float[]> state, List<Double> losses, String reason, int graphs) {
        void assertEquals(Run eager) {
            assertEquals(eager.losses, losses, "losses");
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(eager.params.get(i), params.get(i), "parameter " + i);
            }
            for (int i = 0; i < state.size(); i++) {
                assertArrayEquals(eager.state.get(i), state.get(i), "optimizer state " + i);
            }
        }

        private static void assertEquals(Object expected, Object actual, String what) {
            org.junit.jupiter.api.Assertions.assertEquals(expected, actual, what);
        }
    }

    /** Trains a fresh seeded MLP for one step per entry of {@code batchSizes}, the rate set by a cosine schedule. */
    private Run train(Function<Module, Optimizer> makeOptimizer, Loss loss, int[] batchSizes, boolean capture,
                      boolean dropout) {
        Device d = device();
        TensorOptions o = TensorOptions.defaults().onDevice(d).seeded(7);
        Module model = dropout
                ? new Sequential(new Linear(FEATURES, 16, true, o), new ReLU(), new Dropout(0.5),
                new Linear(16, CLASSES, true, o.seeded(8)))
                : new Sequential(new Linear(FEATURES, 16, true, o), new ReLU(), new Linear(16, 16, true, o.seeded(9)),
                new ReLU(), new Linear(16, CLASSES, true, o.seeded(8)));
        Optimizer optimizer = makeOptimizer.apply(model);
        LrSchedule schedule = new CosineAnnealing(STEPS, 1e-4);
        List<Double> losses = new ArrayList<>();
        Generator data = new Generator(3);
        try (CompiledStep step = CompiledStep.builder(model, loss, optimizer).capture(capture)
                .build()) {
            for (int s = 0; s < batchSizes.length; s++) {
                schedule.apply(optimizer, s);
                try (Tensor x = Tensor.normal(data, 0, 1, Shape.of(batchSizes[s], FEATURES), DType.FLOAT32, d);
                     Tensor y = labels(s, batchSizes[s], d)) {
                    losses.add(step.run(x, y).item());
                }
            }
            assertNotEquals(optimizer.groups().get(0).initialLr(), optimizer.lr(), "the schedule changed the rate");
            List<float[]> params = new ArrayList<>();
            model.parameters().forEach(p -> params.add(p.toFloatArray()));
            List<float[]> state = new ArrayList<>();
            optimizer.stateTensors().values().forEach(t -> state.add(t.toFloatArray()));
            return new Run(params, state, losses, step.eagerReason().orElse(""), step.graphCount());
        } finally {
            model.close();
        }
    }

    private static Tensor labels(int step, int n, Device d) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i * 7 + step * 3) % CLASSES;
        }
        return Tensor.of(d, y, n);
    }
}

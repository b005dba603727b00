package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.Loss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.Optimizers;
import dev.tessera.optim.schedule.StepDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Trainer's graph capture option on the reference backend: a captured fit equals the eager fit bit for bit
 * (metrics and weights, schedule stepped per optimizer step, a short last batch), and its host runs the loss only in
 * warm-up and capture steps; configurations that need the gradients between backward and update stay eager.
 */
class TrainerGraphCaptureTest {
    private static final Device REF = Device.of("reference");

    /** One fit's metrics, final weights and how many times the host computed the loss. */
    private record Fit(List<EpochMetrics> epochs, List<float[]> weights, int lossCalls) {
    }

    private static Fit fit(TrainerConfig.Builder config) {
        return fit(config, false);
    }

    private static Fit fit(TrainerConfig.Builder config, boolean indexChecks) {
        boolean checks = Tessera.indexChecks();
        Tessera.setIndexChecks(indexChecks);
        TensorOptions o = TensorOptions.defaults().onDevice(REF).seeded(4);
        Sequential model = new Sequential(new Linear(5, 12, true, o), new ReLU(), new Linear(12, 3, true,
                o.seeded(5)));
        Optimizer adam = Optimizers.adam(model.namedParameters()).lr(0.03).build();
        AtomicInteger calls = new AtomicInteger();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Loss counted = (out, target) -> {
            calls.incrementAndGet();
            return ce.compute(out, target);
        };
        int[] labels = new int[30];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 5) % 3;
        }
        try (Tensor x = Tensor.normal(new Generator(2), 0, 1, Shape.of(30, 5), DType.FLOAT32, REF);
             Tensor y = Tensor.of(REF, labels, labels.length)) {
            Trainer t = new Trainer(model, counted, adam, new StepDecay(4, 0.5),
                    config.epochs(3).scheduleUnit(TrainerConfig.ScheduleUnit.STEP).build());
            TrainingHistory h = t.fit(new TensorBatches(x, y, 8, true, false), null);
            List<float[]> weights = new ArrayList<>();
            model.parameters().forEach(p -> weights.add(p.toFloatArray()));
            return new Fit(h.epochs(), weights, calls.get());
        } finally {
            Tessera.setIndexChecks(checks);
            model.close();
        }
    }

    @Test
    void aCapturedFitEqualsTheEagerFitAndRunsTheLossOnlyToCapture() {
        Fit eager = fit(TrainerConfig.builder().graphCapture(TrainerConfig.GraphCapture.OFF));
        Fit captured = fit(TrainerConfig.builder().graphCapture(TrainerConfig.GraphCapture.ON));
        assertEquals(12, eager.lossCalls(), "3 epochs of 4 batches");
        // 2 warm-up steps, then per epoch (the epoch start zeroes the gradients): a capture for 8 rows and one for 6
        assertEquals(2 + 2 + 2 + 2, captured.lossCalls());
        for (int e = 0; e < eager.epochs().size(); e++) {
            EpochMetrics a = eager.epochs().get(e);
            EpochMetrics b = captured.epochs().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), "epoch " + e + " loss");
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), "epoch " + e + " accuracy");
            assertEquals(a.lr(), b.lr(), "epoch " + e + " rate");
        }
        for (int i = 0; i < eager.weights().size(); i++) {
            assertArrayEquals(eager.weights().get(i), captured.weights().get(i), "parameter " + i);
        }
    }

    @Test
    void aLabelRangeCheckInTheStepMakesTheFitEagerWithTheSameResult() {
        Fit eager = fit(TrainerConfig.builder().graphCapture(TrainerConfig.GraphCapture.OFF), true);
        Fit fallback = fit(TrainerConfig.builder().graphCapture(TrainerConfig.GraphCapture.ON), true);
        assertEquals(12 + 1, fallback.lossCalls(), "the abandoned capture's forward, then every step eagerly");
        for (int i = 0; i < eager.weights().size(); i++) {
            assertArrayEquals(eager.weights().get(i), fallback.weights().get(i), "parameter " + i);
        }
    }

    @Test
    void autoCapturesOnlyOnCudaAndAccumulationStaysEager() {
        Fit auto = fit(TrainerConfig.builder());
        assertEquals(12, auto.lossCalls(), "AUTO is eager on the reference backend");
        Fit accumulating = fit(TrainerConfig.builder().graphCapture(TrainerConfig.GraphCapture.ON)
                .accumulationSteps(2));
        assertEquals(12, accumulating.lossCalls(), "accumulation needs the gradients between steps: eager");
        assertTrue(TrainerConfig.builder().build().graphCapture() == TrainerConfig.GraphCapture.AUTO);
    }
}

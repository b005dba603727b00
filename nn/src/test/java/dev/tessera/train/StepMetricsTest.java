package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.SGD;
import dev.tessera.testing.TorchFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer reports every optimizer step, with the gradient norm only on the steps a listener asks for. */
class StepMetricsTest {
    @Test
    void everyStepIsReportedWithItsLossRateNormAndSamples() {
        Linear model = new Linear(2, 1, true, new TensorOptions(TorchFixture.DEVICE, DType.FLOAT64, new Generator(3)));
        double[] w = model.weight().toDoubleArray();
        double pred = w[0] + w[1] + model.bias().item();
        Tensor x = Tensor.ones(Shape.of(10, 2), DType.FLOAT64, TorchFixture.DEVICE);
        Tensor y = Tensor.ones(Shape.of(10, 1), DType.FLOAT64, TorchFixture.DEVICE);
        Trainer t = new Trainer(model, new MSELoss(), new SGD(model.namedParameters(), 0.1),
                (step, base) -> base / (1 + step), TrainerConfig.builder().epochs(2).accumulationSteps(2)
                .scheduleUnit(TrainerConfig.ScheduleUnit.STEP).build());
        List<StepMetrics> steps = new ArrayList<>();
        t.addListener(new TrainingListener() {
            @Override
            public boolean wantsGradientNorm(long step) {
                return step % 2 == 0;
            }

            @Override
            public void onStep(StepMetrics m) {
                steps.add(m);
            }
        });
        t.fit(new TensorBatches(x, y, 2, false, false), null);

        // 5 batches of 2 per epoch, 2 batches per step: steps of 4, 4 and 2 examples
        assertEquals(6, steps.size());
        for (int i = 0; i < 6; i++) {
            StepMetrics m = steps.get(i);
            assertEquals(i, m.step());
            assertEquals(i / 3 + 1, m.epoch(), "epochs numbered from 1");
            assertEquals(i % 3 == 2 ? 2 : 4, m.samples());
            assertEquals(0.1 / (1 + i), m.lr(), 1e-17);
            assertEquals(i % 2 == 0, Double.isFinite(m.gradientNorm()), "norm only on even steps: " + m);
            assertTrue(m.samplesPerSecond() > 0, m::toString);
        }
        // every row is (1, 1) -> 1: loss (p - 1)^2 and gradient 2 (p - 1) for each weight and the bias
        assertEquals((pred - 1) * (pred - 1), steps.get(0).loss(), 1e-12);
        assertEquals(Math.abs(2 * (pred - 1)) * Math.sqrt(3), steps.get(0).gradientNorm(), 1e-12);
    }
}
